import { Fragment } from "react";

/**
 * `text` with each occurrence of the search terms wrapped in <mark>. Pure text nodes: whatever the
 * title contains (markup included) is displayed, never interpreted.
 */
export function Highlight({ text, terms }: { text: string; terms: string[] }) {
  const wanted = terms.map((t) => t.toLowerCase()).filter(Boolean);
  const lower = text.toLowerCase();
  // Lower-casing that changes lengths (rare scripts) would misplace the marks: show the text plain.
  if (wanted.length === 0 || lower.length !== text.length) return <>{text}</>;
  const parts: { s: string; hit: boolean }[] = [];
  let i = 0;
  while (i < text.length) {
    let best = -1;
    let len = 0;
    for (const w of wanted) {
      const at = lower.indexOf(w, i);
      if (at !== -1 && (best === -1 || at < best || (at === best && w.length > len))) [best, len] = [at, w.length];
    }
    if (best === -1) break;
    if (best > i) parts.push({ s: text.slice(i, best), hit: false });
    parts.push({ s: text.slice(best, best + len), hit: true });
    i = best + len;
  }
  if (i < text.length) parts.push({ s: text.slice(i), hit: false });
  return (
    <>
      {parts.map((p, k) => (p.hit ? <mark key={k}>{p.s}</mark> : <Fragment key={k}>{p.s}</Fragment>))}
    </>
  );
}
