// A small, safe XML reader and writer for SOAP-RFC envelopes. It understands
// exactly what SAP's SOAP-RFC handler sends (elements, attributes, text, CDATA,
// comments, the XML declaration) and refuses everything else: no DOCTYPE, no
// entity declarations, no external entities (XXE), no processing instructions,
// only the five predefined entities and numeric character references. Nothing
// is ever evaluated. Used by the connector and by the test emulator.

export interface XmlElement {
  /** The qualified name as written ("rfc:BAPI_PO_GETDETAIL1.Response"). */
  name: string;
  /** The name without its prefix ("BAPI_PO_GETDETAIL1.Response"). */
  local: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (concatenated, entity-decoded; CDATA included). */
  text: string;
}

export class XmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlError';
  }
}

export interface ParseLimits {
  /** Characters; SOAP answers of a page of records stay far below this. */
  maxLength?: number;
  maxDepth?: number;
}

const NAME = /[A-Za-z_][\w.\-:]*/y;
const WS = /[ \t\r\n]*/y;
// XML 1.0 Char production minus the discouraged C0 controls.
const INVALID_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(raw: string, at: number): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;&\s]{0,12});?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) throw new XmlError(`bare "&" in text near offset ${at}`);
    if (Object.hasOwn(PREDEFINED, ref)) return PREDEFINED[ref];
    let code: number;
    if (/^#x[0-9a-fA-F]{1,6}$/.test(ref)) code = parseInt(ref.slice(2), 16);
    else if (/^#[0-9]{1,7}$/.test(ref)) code = parseInt(ref.slice(1), 10);
    else throw new XmlError(`undeclared entity "&${ref};" near offset ${at} (entities are not allowed)`);
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw new XmlError(`invalid character reference "&${ref};"`);
    const ch = String.fromCodePoint(code);
    if (INVALID_CHARS.test(ch)) throw new XmlError(`character reference "&${ref};" is not an XML character`);
    return ch;
  });
}

/** Parses a complete XML document and returns its root element. Throws XmlError on anything unexpected or unsafe. */
export function parseXml(input: string, limits: ParseLimits = {}): XmlElement {
  const maxLength = limits.maxLength ?? 64 * 1024 * 1024;
  const maxDepth = limits.maxDepth ?? 64;
  if (input.length > maxLength) throw new XmlError(`document too large (${input.length} characters)`);
  let s = input;
  if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;

  const skipWs = () => { WS.lastIndex = i; WS.exec(s); i = WS.lastIndex; };
  const readName = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(s);
    if (!m) throw new XmlError(`expected a name at offset ${i}`);
    i = NAME.lastIndex;
    return m[0];
  };
  const addText = (text: string) => {
    const top = stack[stack.length - 1];
    if (top) top.text += text;
    else if (text.trim() !== '') throw new XmlError(`text outside the root element at offset ${i}`);
  };

  // the XML declaration, only at the very start
  if (s.startsWith('<?xml')) {
    const end = s.indexOf('?>');
    if (end < 0) throw new XmlError('unterminated XML declaration');
    const decl = s.slice(0, end);
    if (/encoding\s*=\s*["'](?!utf-8["'])/i.test(decl)) throw new XmlError('only UTF-8 documents are accepted');
    i = end + 2;
  }

  while (i < s.length) {
    const lt = s.indexOf('<', i);
    if (lt < 0) {
      addText(decodeEntities(s.slice(i), i));
      i = s.length;
      break;
    }
    if (lt > i) addText(decodeEntities(s.slice(i, lt), i));
    i = lt;
    if (s.startsWith('<!--', i)) {
      const end = s.indexOf('-->', i + 4);
      if (end < 0) throw new XmlError('unterminated comment');
      i = end + 3;
      continue;
    }
    if (s.startsWith('<![CDATA[', i)) {
      const end = s.indexOf(']]>', i + 9);
      if (end < 0) throw new XmlError('unterminated CDATA section');
      if (!stack.length) throw new XmlError('CDATA outside the root element');
      addText(s.slice(i + 9, end));
      i = end + 3;
      continue;
    }
    if (s.startsWith('<!', i)) throw new XmlError('DOCTYPE and entity declarations are not allowed');
    if (s.startsWith('<?', i)) throw new XmlError('processing instructions are not allowed');
    if (s.startsWith('</', i)) {
      i += 2;
      const name = readName();
      skipWs();
      if (s[i] !== '>') throw new XmlError(`expected ">" at offset ${i}`);
      i++;
      const open = stack.pop();
      if (!open || open.name !== name) throw new XmlError(`closing tag </${name}> does not match <${open?.name ?? '(none)'}>`);
      continue;
    }
    // a start tag
    i++;
    const name = readName();
    const el: XmlElement = { name, local: localName(name), attrs: {}, children: [], text: '' };
    let selfClosing = false;
    for (;;) {
      const before = i;
      skipWs();
      if (s.startsWith('/>', i)) { i += 2; selfClosing = true; break; }
      if (s[i] === '>') { i++; break; }
      if (i >= s.length) throw new XmlError(`document ends inside <${name}> (truncated?)`);
      if (i === before) throw new XmlError(`malformed tag <${name}> at offset ${i}`);
      const attr = readName();
      skipWs();
      if (s[i] !== '=') throw new XmlError(`attribute ${attr} without a value`);
      i++;
      skipWs();
      const q = s[i];
      if (q !== '"' && q !== "'") throw new XmlError(`attribute ${attr} value must be quoted`);
      const end = s.indexOf(q, i + 1);
      if (end < 0) throw new XmlError(`unterminated attribute ${attr}`);
      const value = s.slice(i + 1, end);
      if (value.includes('<')) throw new XmlError(`"<" in attribute ${attr}`);
      if (Object.hasOwn(el.attrs, attr)) throw new XmlError(`duplicate attribute ${attr}`);
      el.attrs[attr] = decodeEntities(value, i);
      i = end + 1;
    }
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else if (root) throw new XmlError('more than one root element');
    else root = el;
    if (!selfClosing) {
      stack.push(el);
      if (stack.length > maxDepth) throw new XmlError(`elements nested deeper than ${maxDepth}`);
    }
  }
  if (stack.length) throw new XmlError(`document ends inside <${stack[stack.length - 1].name}> (truncated?)`);
  if (!root) throw new XmlError('no root element');
  return root;
}

export function localName(name: string): string {
  const c = name.indexOf(':');
  return c < 0 ? name : name.slice(c + 1);
}

/** Escapes text for element content and attribute values; refuses characters XML cannot carry. */
export function escapeXml(value: string): string {
  if (INVALID_CHARS.test(value)) throw new XmlError('value contains a character XML cannot carry (a control character)');
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** An element name we write: letters, digits, _ . - and one optional prefix. */
export function checkName(name: string): string {
  if (!/^(?:[A-Za-z_][\w.-]*:)?[A-Za-z_][\w.-]*$/.test(name)) throw new XmlError(`not a valid element name: ${JSON.stringify(name)}`);
  return name;
}

// ---------------------------------------------------------------- RFC values

/** An RFC parameter: a scalar, a structure (flat record) or a table (rows of structures). */
export type RfcValue = string | RfcStructure | RfcStructure[];
export type RfcStructure = Record<string, string>;

/** Writes one RFC parameter as SOAP-RFC XML: tables as <NAME><item>…</item></NAME>. */
export function writeRfcValue(name: string, value: RfcValue): string {
  const tag = checkName(name);
  if (typeof value === 'string') return value === '' ? `<${tag}/>` : `<${tag}>${escapeXml(value)}</${tag}>`;
  if (Array.isArray(value)) {
    if (!value.length) return `<${tag}/>`;
    return `<${tag}>${value.map((row) => writeRfcValue('item', row)).join('')}</${tag}>`;
  }
  return `<${tag}>${Object.entries(value).map(([k, v]) => writeRfcValue(k, v)).join('')}</${tag}>`;
}

/** The child element named `local` (prefix ignored), or undefined. */
export function child(el: XmlElement, local: string): XmlElement | undefined {
  return el.children.find((c) => c.local === local);
}

/** A flat structure: each child element's text (nested elements are ignored). */
export function readStructure(el: XmlElement | undefined): RfcStructure {
  const out: RfcStructure = {};
  if (!el) return out;
  for (const c of el.children) out[c.local] = c.text;
  return out;
}

/** A table: the <item> rows, each a flat structure. */
export function readTable(el: XmlElement | undefined): RfcStructure[] {
  if (!el) return [];
  return el.children.filter((c) => c.local === 'item').map((c) => readStructure(c));
}

export const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
export const RFC_NS = 'urn:sap-com:document:sap:rfc:functions';

/** A SOAP-RFC element name for a function module: "/" is written "_-". */
export function rfcElementName(fm: string): string {
  return checkName(fm.replace(/\//g, '_-'));
}
