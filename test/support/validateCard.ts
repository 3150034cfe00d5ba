import * as AC from 'adaptivecards';

const MAX_CARD_BYTES = 28 * 1024;

/**
 * Everything wrong with a card by Teams' rules: the Adaptive Cards SDK's parse and validation events at
 * schema 1.5, plus what the SDK does not check (type, version ≤ 1.5, size, TextBlock wrap, input labels,
 * an unfilled {{placeholder}} or a value that was never set).
 */
export function cardProblems(card: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (card.type !== 'AdaptiveCard') problems.push('type is not AdaptiveCard');
  const version = typeof card.version === 'string' ? card.version : '';
  if (!/^1\.[0-5]$/.test(version)) problems.push(`version ${version} is not ≤ 1.5`);
  const json = JSON.stringify(card);
  if (json.includes('{{')) problems.push('an unfilled {{…}} placeholder');
  if (/\bundefined\b|:null[,}\]]/.test(json)) problems.push('undefined or null in the card');
  if (Buffer.byteLength(json, 'utf8') > MAX_CARD_BYTES)
    problems.push(`card is ${Buffer.byteLength(json)} bytes`);

  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  for (let i = 0; i < context.eventCount; i++) {
    const message = context.getEventAt(i).message;
    // Teams' people picker (`choices.data` with Data.Query) is a Teams extension it supports on cards of
    // 1.2 and later; the SDK knows the property only from schema 1.6. The one parse event allowed.
    if (/^Property "choices\.data" is supported in version 1\.6/.test(message)) continue;
    problems.push(`parse: ${message}`);
  }
  for (const event of parsed.validateProperties().validationEvents)
    problems.push(`validate: ${event.message}`);

  const visit = (node: unknown, path: string): void => {
    if (Array.isArray(node)) return node.forEach((n, i) => visit(n, `${path}[${i}]`));
    if (!node || typeof node !== 'object') return;
    const element = node as Record<string, unknown>;
    if (element.type === 'TextBlock' && element.wrap !== true)
      problems.push(`${path}: TextBlock without wrap: true`);
    if (
      (element.type === 'TextBlock' || element.type === 'TextRun') &&
      !(typeof element.text === 'string' && element.text.trim())
    )
      problems.push(`${path}: empty ${element.type}`);
    if (typeof element.type === 'string' && element.type.startsWith('Input.') && !element.label) {
      problems.push(`${path}: input without a label`);
    }
    if (element.isRequired === true && !element.errorMessage)
      problems.push(`${path}: required input without errorMessage`);
    if (
      typeof element.type === 'string' &&
      element.type.startsWith('Action.') &&
      !(typeof element.title === 'string' && element.title.trim())
    ) {
      problems.push(`${path}: action without a title`);
    }
    for (const [key, value] of Object.entries(element)) visit(value, `${path}.${key}`);
  };
  visit(card, '$');
  return problems;
}
