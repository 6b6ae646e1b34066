import type { ChangeEvent } from "react";

/**
 * The "check a saved JSON file" field of the in-browser checks (draw proof, audit checkpoints): reads and
 * parses the chosen file and hands it over; a file that is not JSON, or that `onJson` cannot use (it
 * throws), is reported by name through `onUnreadable`. Choosing the same file again (edited meanwhile)
 * checks it again. Nothing is uploaded.
 */
export function JsonFileInput(props: {
  id: string;
  label: string;
  testId: string;
  onJson: (json: unknown, fileName: string) => void | Promise<void>;
  onUnreadable: (fileName: string) => void;
}) {
  async function onChange(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = "";
    if (!file) return;
    try {
      await props.onJson(JSON.parse(await file.text()) as unknown, file.name);
    } catch {
      props.onUnreadable(file.name);
    }
  }
  return (
    <div className="verify-drop">
      <label htmlFor={props.id}>{props.label}</label>
      <input id={props.id} type="file" accept="application/json,.json" onChange={onChange} data-testid={props.testId} />
    </div>
  );
}
