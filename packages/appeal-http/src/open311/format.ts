import type { Response } from 'express';

/** The two response formats of GeoReport v2, chosen by the path's extension (`services.json`, `services.xml`). */
export const OPEN311_FORMATS = ['json', 'xml'] as const;
export type Open311Format = (typeof OPEN311_FORMATS)[number];

/** The format a request path asks for: its extension, JSON when it has none of the two. */
export const formatOfPath = (path: string): Open311Format => (path.endsWith('.xml') ? 'xml' : 'json');

/** A list element's child name, where GeoReport v2 names it (`attributes` → `attribute`, `values` → `value`). */
const CHILD_OF: Readonly<Record<string, string>> = { attributes: 'attribute', values: 'value' };

const escapeXml = (text: string): string =>
  text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );

/** One element: scalars as text, objects as child elements, arrays as repeated children; absent values are left out. */
function element(name: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) {
    const child = CHILD_OF[name] ?? 'item';
    return `<${name}>${value.map((item) => element(child, item)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    const inner = Object.entries(value as Record<string, unknown>)
      .map(([key, child]) => element(key, child))
      .join('');
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/**
 * A GeoReport v2 document as XML: `root` holding one `item` element per entry (`<services><service>…`), or the
 * single object as `root` itself when `item` is undefined (`<service_definition>…`).
 *
 * @example
 * toXml('errors', 'error', [{ code: 400, description: 'service_code: required' }]);
 * // <?xml version="1.0" encoding="utf-8"?><errors><error><code>400</code><description>…</description></error></errors>
 */
export function toXml(root: string, item: string | undefined, payload: unknown): string {
  const body =
    item === undefined
      ? element(root, payload)
      : `<${root}>${(payload as unknown[]).map((entry) => element(item, entry)).join('')}</${root}>`;
  return `<?xml version="1.0" encoding="utf-8"?>${body}`;
}

/** The XML names of each kind of GeoReport v2 answer: its root element and the element of one entry. */
export const XML_NAMES = {
  services: ['services', 'service'],
  definition: ['service_definition', undefined],
  requests: ['service_requests', 'request'],
  errors: ['errors', 'error'],
} as const satisfies Record<string, readonly [string, string | undefined]>;

/** Sends a GeoReport v2 answer in the asked format: the JSON value, or its XML rendering. */
export function sendOpen311(
  res: Response,
  format: Open311Format,
  kind: keyof typeof XML_NAMES,
  payload: unknown,
  status = 200,
): void {
  res.status(status);
  if (format === 'json') {
    res.json(payload);
    return;
  }
  const [root, item] = XML_NAMES[kind];
  res.type('text/xml').send(toXml(root, item, payload));
}
