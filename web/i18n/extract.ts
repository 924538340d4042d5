import ts from 'typescript';

// The extraction check's engine (used by extraction.test.ts; `npx tsx web/i18n/extract.ts <folder>` lists what is left).

const VISIBLE_ATTRS = new Set(['aria-label', 'title', 'placeholder', 'alt', 'label', 'aria-description', 'aria-roledescription']);
// Words that are the same in both languages (names, units, abbreviations).
const SAME_IN_BOTH = /\b(Portico|HbA1c|A1c|eGFR|FHIR|PDF|MRN|ZIP|mg|dL|mmHg|kg|lb|lbs|cm|in|mL|mmol|L|[A-Z]{2,5})\b/g;

/** An English-looking text: at least one word of two or more letters once the words the same in both languages are removed. */
export function looksLikeWords(text: string): boolean {
  return /[A-Za-z]{2,}/.test(text.replace(SAME_IN_BOTH, ''));
}

export type Finding = { file: string; line: number; text: string };

/** A string literal is shown as-is when only conditionals/logical operators lie between it and the JSX braces. */
function renderedDirectly(node: ts.Node): boolean {
  let p = node.parent;
  while (p) {
    if (ts.isJsxExpression(p)) return true;
    if (ts.isParenthesizedExpression(p) || ts.isConditionalExpression(p)) { p = p.parent; continue; }
    if (ts.isBinaryExpression(p) && [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken]
      .includes(p.operatorToken.kind)) { p = p.parent; continue; }
    if (ts.isTemplateSpan(p) || ts.isTemplateExpression(p)) { p = p.parent; continue; }
    return false;
  }
  return false;
}

export function findLiterals(file: string, source: string): Finding[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const out: Finding[] = [];
  const add = (node: ts.Node, text: string) => {
    if (looksLikeWords(text)) out.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: text.replace(/\s+/g, ' ').trim() });
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) add(node, node.text);
    else if (ts.isJsxAttribute(node)) {
      const name = node.name.getText(sf);
      if (VISIBLE_ATTRS.has(name) && node.initializer && ts.isStringLiteral(node.initializer)) add(node, node.initializer.text);
    } else if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && renderedDirectly(node)) {
      // Inside an attribute, only the visible ones count (className={open ? 'a b' : 'c'} is not text).
      const attr = ancestor(node, ts.isJsxAttribute);
      if (!attr || VISIBLE_ATTRS.has(attr.name.getText(sf))) add(node, node.text);
    } else if (ts.isTemplateExpression(node) && renderedDirectly(node)) {
      const attr = ancestor(node, ts.isJsxAttribute);
      if (!attr || VISIBLE_ATTRS.has(attr.name.getText(sf))) add(node, [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' '));
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function ancestor<T extends ts.Node>(node: ts.Node, is: (n: ts.Node) => n is T): T | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (is(p)) return p;
    if (ts.isJsxElement(p) || ts.isJsxSelfClosingElement(p)) return undefined;
  }
  return undefined;
}


if (process.argv[1]?.endsWith('extract.ts')) {
  const fs = await import('node:fs');
  const path = await import('node:path');
  for (const dir of process.argv.slice(2)) {
    const files = fs.statSync(dir).isFile() ? [dir] : fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.tsx')).map((f) => path.join(dir, f));
    for (const f of files) for (const x of findLiterals(f, fs.readFileSync(f, 'utf8'))) console.log(`${x.file}:${x.line} ${x.text}`);
  }
}
