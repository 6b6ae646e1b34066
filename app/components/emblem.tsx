/** The portal mark: a civic building under a red sun, drawn inline (no image request, crisp at any size). */
export function Emblem({ size = 40 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 48 48" aria-hidden="true" focusable="false" className="emblem">
      <circle cx="24" cy="24" r="23" fill="#0b4f9c" />
      <circle cx="24" cy="15" r="5" fill="#d9362b" />
      <path d="M10 24 L24 17.5 L38 24 Z" fill="#fff" />
      <rect x="13" y="25" width="3" height="10" fill="#fff" />
      <rect x="19" y="25" width="3" height="10" fill="#fff" />
      <rect x="26" y="25" width="3" height="10" fill="#fff" />
      <rect x="32" y="25" width="3" height="10" fill="#fff" />
      <rect x="10" y="36" width="28" height="3" fill="#fff" />
    </svg>
  );
}
