/** A labelled choice of months ("2026-11"), newest first: the rating league's and the monthly bulletins' forms. */
export function MonthField({ id, label, months, defaultValue, describedBy }: { id: string; label: string; months: readonly string[]; defaultValue?: string; describedBy?: string }) {
  return (
    <div className="form-field">
      <label className="form-label" htmlFor={id}>
        {label}
      </label>
      <select id={id} name="month" defaultValue={defaultValue ?? months[0]} aria-describedby={describedBy}>
        {months.map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </select>
    </div>
  );
}
