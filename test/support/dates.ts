/** Today in the centre's calendar (Asia/Shanghai, UTC+8, no DST), as a date field sends it: YYYY-MM-DD. */
export const centreToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
