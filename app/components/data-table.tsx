import type { ReactNode } from "react";

/**
 * A table in its own scrolling box, so that a wide table scrolls inside the box on a phone instead of widening
 * the page. `head` is the header row's cells, the children are the body rows; the markup is the plain
 * table-wrap › table › thead/tbody every list page writes.
 */
export function DataTable({
  head,
  children,
  caption,
  className = "table",
  wrapClassName = "table-wrap",
  testId,
}: {
  head: ReactNode;
  children: ReactNode;
  caption?: ReactNode;
  className?: string;
  wrapClassName?: string;
  testId?: string;
}) {
  return (
    <div className={wrapClassName}>
      <table className={className} data-testid={testId}>
        {caption}
        <thead>
          <tr>{head}</tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
