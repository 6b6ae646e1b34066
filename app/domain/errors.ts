/**
 * A refusal by a business rule. `code` is a message key in app/locales/<lang>/errors.json, so the
 * same refusal reads in Chinese or English; `params` fill its placeholders. Routes turn it into a
 * localized message with the status below; nothing is written when one is thrown inside a transaction.
 */
export type DomainErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 423 | 429;

export class DomainError extends Error {
  constructor(
    public readonly code: string,
    public readonly params: Record<string, string | number> = {},
    public readonly status: DomainErrorStatus = 422,
    /** Field the error belongs to, so a form can show it next to the input. */
    public readonly field?: string,
  ) {
    super(code);
    this.name = "DomainError";
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
