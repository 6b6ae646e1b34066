import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useRevalidator } from "@remix-run/react";
import { useRootData } from "~/components/use-root-data";

/** What the staff may attach (the brief's allowlist; the domain checks type, magic number and size again). */
export const UPLOAD_EXTENSIONS = ["pdf", "doc", "docx", "zip"] as const;
export const UPLOAD_MAX_BYTES = 200 * 1024 * 1024;

type UploadState =
  | { kind: "idle" }
  | { kind: "uploading"; name: string; loaded: number; total: number }
  | { kind: "done"; name: string; sha256: string }
  | { kind: "error"; message: string };

/**
 * Tender documents upload: the file streams as the raw request body (no multipart buffering on the server),
 * with a progress bar; the server answers with the SHA-256 it computed while storing, shown at once.
 */
export function DocumentUpload({ lotId }: { lotId: string }) {
  const { t } = useTranslation("tenders-ui");
  const csrf = useRootData()?.csrfToken ?? "";
  const input = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<UploadState>({ kind: "idle" });
  const revalidator = useRevalidator();

  const upload = () => {
    const file = input.current?.files?.[0];
    if (!file) return setState({ kind: "error", message: t("upload.choose") });
    const ext = /\.([A-Za-z0-9]+)$/.exec(file.name)?.[1]?.toLowerCase() ?? "";
    if (!(UPLOAD_EXTENSIONS as readonly string[]).includes(ext)) {
      return setState({ kind: "error", message: t("upload.badType", { allowed: UPLOAD_EXTENSIONS.join(", ").toUpperCase() }) });
    }
    if (file.size > UPLOAD_MAX_BYTES) return setState({ kind: "error", message: t("upload.tooLarge", { mb: UPLOAD_MAX_BYTES / 1048576 }) });
    if (file.size === 0) return setState({ kind: "error", message: t("upload.empty") });

    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/staff/lots/${lotId}/documents`);
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.setRequestHeader("X-CSRF-Token", csrf);
    xhr.setRequestHeader("X-File-Name", encodeURIComponent(file.name));
    xhr.upload.onprogress = (e) => setState({ kind: "uploading", name: file.name, loaded: e.loaded, total: e.total || file.size });
    xhr.onerror = () => setState({ kind: "error", message: t("upload.network") });
    xhr.onload = () => {
      let body: { sha256?: string; error?: { message?: string } } = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        // not JSON: fall through to the generic message
      }
      if (xhr.status >= 200 && xhr.status < 300 && body.sha256) {
        setState({ kind: "done", name: file.name, sha256: body.sha256 });
        if (input.current) input.current.value = "";
        revalidator.revalidate();
      } else {
        setState({ kind: "error", message: body.error?.message ?? t("upload.failed", { status: xhr.status }) });
      }
    };
    setState({ kind: "uploading", name: file.name, loaded: 0, total: file.size });
    xhr.send(file);
  };

  const pct = state.kind === "uploading" && state.total > 0 ? Math.floor((state.loaded / state.total) * 100) : 0;
  return (
    <div className="doc-upload">
      <div className="form-field">
        <label htmlFor={`upload-${lotId}`}>{t("upload.label")}</label>
        <div className="form-hint" id={`upload-${lotId}-hint`}>
          {t("upload.hint", { allowed: UPLOAD_EXTENSIONS.join(", ").toUpperCase(), mb: UPLOAD_MAX_BYTES / 1048576 })}
        </div>
        <div className="row-actions">
          <input
            ref={input}
            id={`upload-${lotId}`}
            type="file"
            accept={UPLOAD_EXTENSIONS.map((e) => `.${e}`).join(",")}
            aria-describedby={`upload-${lotId}-hint`}
            disabled={state.kind === "uploading"}
          />
          <button type="button" className="btn btn--secondary" onClick={upload} disabled={state.kind === "uploading"}>
            {t("upload.button")}
          </button>
        </div>
      </div>
      {state.kind === "uploading" ? (
        <div className="doc-upload__progress" role="status">
          <progress className="progress" max={100} value={pct} aria-label={t("upload.progress", { name: state.name })} />
          <span className="progress-label">
            {t("upload.progressText", { name: state.name, pct, mb: (state.loaded / 1048576).toFixed(1) })}
          </span>
        </div>
      ) : null}
      {state.kind === "done" ? (
        <div className="alert alert--success" role="status">
          {t("upload.done", { name: state.name })}
          <div className="mono sha">SHA-256 {state.sha256}</div>
        </div>
      ) : null}
      {state.kind === "error" ? (
        <div className="alert alert--error" role="alert">
          {state.message}
        </div>
      ) : null}
    </div>
  );
}
