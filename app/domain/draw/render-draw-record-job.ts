export default async function renderDrawRecordJob(_p: { drawId: string; stage: "drawn" | "final" }) { return null; }
