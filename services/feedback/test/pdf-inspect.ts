import { inflateSync } from 'node:zlib';

/**
 * Just enough of a PDF reader for the poster's tests: its objects (dictionaries and inflated streams), and the
 * text it shows, mapped back to Unicode through the font's ToUnicode CMap, as a PDF viewer's copy and search
 * do. It reads what pdfkit writes (uncompressed object dictionaries, Flate streams, one Type0 font with
 * Identity-H codes), not every PDF.
 */
export interface PdfObject {
  id: number;
  dict: string;
  stream?: Buffer;
}

export function pdfObjects(pdf: Buffer): Map<number, PdfObject> {
  const s = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  const re = /(\d+) 0 obj\s*<<([\s\S]*?)>>\s*(stream\r?\n|endobj)/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const [whole, id, dict = '', end = ''] = m;
    const obj: PdfObject = { id: Number(id), dict };
    if (end.startsWith('stream')) {
      const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
      const start = m.index + whole.length;
      const raw = pdf.subarray(start, start + length);
      obj.stream = /\/FlateDecode/.test(dict) ? inflateSync(raw) : raw;
      re.lastIndex = start + length;
    }
    objects.set(obj.id, obj);
  }
  return objects;
}

const ref = (dict: string, key: string): number | undefined => {
  const m = new RegExp(`/${key} (\\d+) 0 R`).exec(dict);
  return m ? Number(m[1]) : undefined;
};

const utf16 = (hex: string) => Buffer.from(hex.replace(/\s+/g, ''), 'hex').swap16().toString('utf16le');

/**
 * A ToUnicode CMap (bfchar and bfrange, both forms of bfrange) as code → text. A destination may hold several
 * UTF-16 units (`<0066 0066>`: a ligature's glyph, or a surrogate pair) or none (`<>`: a glyph with no text);
 * each entry of an array keeps its place either way, so the codes after it still map to their own text.
 */
export function parseToUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const [, code = '', text = ''] of (block[1] ?? '').matchAll(/<([0-9a-f]+)>\s*<([0-9a-f\s]*)>/gi))
      map.set(Number.parseInt(code, 16), utf16(text));
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    const body = block[1] ?? '';
    for (const m of body.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*(\[[^\]]*\]|<[0-9a-f]+>)/gi)) {
      const lo = Number.parseInt(m[1] ?? '', 16);
      const hi = Number.parseInt(m[2] ?? '', 16);
      const dst = m[3] ?? '';
      if (dst.startsWith('[')) {
        [...dst.matchAll(/<([0-9a-f\s]*)>/gi)].forEach((d, i) => {
          map.set(lo + i, utf16(d[1] ?? ''));
        });
      } else {
        const first = Number.parseInt(dst.slice(1, -1), 16);
        for (let c = lo; c <= hi; c++) map.set(c, String.fromCharCode(first + c - lo));
      }
    }
  }
  return map;
}

/** The page content streams of the document, in page order. */
export function pageContents(objects: Map<number, PdfObject>): string[] {
  return [...objects.values()]
    .filter((o) => /\/Type \/Page\b/.test(o.dict))
    .map((page) => objects.get(ref(page.dict, 'Contents') ?? -1)?.stream?.toString('latin1') ?? '');
}

/** The ToUnicode CMap of the document's one font. Throws unless there is exactly one Type0 font with one. */
export function fontToUnicode(objects: Map<number, PdfObject>): Map<number, string> {
  const fonts = [...objects.values()].filter((o) => /\/Subtype \/Type0\b/.test(o.dict));
  if (fonts.length !== 1) throw new Error(`expected one Type0 font, found ${fonts.length}`);
  const cmapObj = objects.get(ref(fonts[0]?.dict ?? '', 'ToUnicode') ?? -1);
  if (!cmapObj?.stream) throw new Error('the font has no ToUnicode CMap');
  return parseToUnicode(cmapObj.stream.toString('latin1'));
}

/**
 * The text each text-showing operator (TJ, Tj) shows, in drawing order: one entry per line pdfkit laid out.
 * Throws unless the document has exactly one font with a ToUnicode CMap, which is what the poster embeds.
 */
export function pdfText(pdf: Buffer): string[] {
  const objects = pdfObjects(pdf);
  const cmap = fontToUnicode(objects);
  const decode = (hex: string) => {
    let out = '';
    for (let i = 0; i + 4 <= hex.length; i += 4) {
      const code = Number.parseInt(hex.slice(i, i + 4), 16);
      const text = cmap.get(code);
      if (text === undefined) throw new Error(`code ${code} is not in the ToUnicode CMap`);
      out += text;
    }
    return out;
  };
  const runs: string[] = [];
  for (const content of pageContents(objects)) {
    for (const m of content.matchAll(/\[((?:\s*(?:<[0-9a-f]*>|-?[\d.]+))*)\s*\]\s*TJ|<([0-9a-f]*)>\s*Tj/gi)) {
      if (m[2] !== undefined) runs.push(decode(m[2]));
      else runs.push([...(m[1] ?? '').matchAll(/<([0-9a-f]*)>/gi)].map((h) => decode(h[1] ?? '')).join(''));
    }
  }
  return runs;
}

/** The rectangles (`x y w h re`) of a content stream. */
export function rectangles(content: string): { x: number; y: number; w: number; h: number }[] {
  return [...content.matchAll(/(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re\b/g)].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
    w: Number(m[3]),
    h: Number(m[4]),
  }));
}
