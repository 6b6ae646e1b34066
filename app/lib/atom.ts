/**
 * Minimal Atom 1.0 (RFC 4287) writer for the announcements feed. Every text goes through xmlText: the
 * five XML specials are escaped and characters XML 1.0 forbids (C0 controls other than tab/newline/CR,
 * lone surrogates, U+FFFE/U+FFFF) are dropped, so a title typed with markup or pasted with control
 * characters can neither inject elements nor make the feed unparseable.
 */
export function xmlText(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

export interface AtomLink {
  href: string;
  rel?: "alternate" | "self" | "enclosure" | "related" | "next";
  type?: string;
  title?: string;
  hreflang?: string;
}

export interface AtomEntry {
  id: string;
  title: string;
  updated: Date;
  published?: Date;
  summary?: string;
  /** Plain text content (type="text"). */
  content?: string;
  links: AtomLink[];
  categories?: { term: string; label?: string }[];
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle?: string;
  updated: Date;
  author: { name: string; uri?: string };
  links: AtomLink[];
  lang?: string;
  entries: AtomEntry[];
}

const attrs = (o: Record<string, string | undefined>) =>
  Object.entries(o)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlText(v!)}"`)
    .join("");

const link = (l: AtomLink) => `<link${attrs({ rel: l.rel, href: l.href, type: l.type, title: l.title, hreflang: l.hreflang })}/>`;

export function renderAtom(feed: AtomFeed): string {
  const out: string[] = [
    `<?xml version="1.0" encoding="utf-8"?>`,
    `<feed xmlns="http://www.w3.org/2005/Atom"${feed.lang ? ` xml:lang="${xmlText(feed.lang)}"` : ""}>`,
    `  <id>${xmlText(feed.id)}</id>`,
    `  <title type="text">${xmlText(feed.title)}</title>`,
    ...(feed.subtitle ? [`  <subtitle type="text">${xmlText(feed.subtitle)}</subtitle>`] : []),
    `  <updated>${feed.updated.toISOString()}</updated>`,
    `  <author><name>${xmlText(feed.author.name)}</name>${feed.author.uri ? `<uri>${xmlText(feed.author.uri)}</uri>` : ""}</author>`,
    ...feed.links.map((l) => `  ${link(l)}`),
  ];
  for (const e of feed.entries) {
    out.push(
      `  <entry>`,
      `    <id>${xmlText(e.id)}</id>`,
      `    <title type="text">${xmlText(e.title)}</title>`,
      `    <updated>${e.updated.toISOString()}</updated>`,
      ...(e.published ? [`    <published>${e.published.toISOString()}</published>`] : []),
      ...e.links.map((l) => `    ${link(l)}`),
      ...(e.categories ?? []).map((c) => `    <category${attrs({ term: c.term, label: c.label })}/>`),
      ...(e.summary ? [`    <summary type="text">${xmlText(e.summary)}</summary>`] : []),
      ...(e.content ? [`    <content type="text">${xmlText(e.content)}</content>`] : []),
      `  </entry>`,
    );
  }
  out.push(`</feed>`, ``);
  return out.join("\n");
}
