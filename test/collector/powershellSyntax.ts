import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import Parser from 'tree-sitter';

const load = createRequire(__filename);

/**
 * PowerShell's grammar for tree-sitter. tree-sitter-powershell's entry point is ESM with a top-level await
 * (which a CommonJS test cannot require); its native binding is loaded the way that entry loads it.
 */
function powerShellLanguage(): Parser.Language {
  const root = dirname(load.resolve('tree-sitter-powershell/package.json'));
  const nodeGypBuild = load('node-gyp-build') as (dir: string) => Parser.Language;
  return nodeGypBuild(root);
}

export interface ScriptSyntax {
  readonly hasError: boolean;
  /** Where the parser found an error or a missing token: line (1-based) and the text there. */
  readonly errors: string[];
  /** Every command the script calls (tree-sitter's `command_name` nodes), in order. */
  readonly commands: string[];
  /** Every .NET static method called with `[Type]::Method(…)`, as `Type::Method`. */
  readonly staticCalls: string[];
}

export function parsePowerShell(source: string): ScriptSyntax {
  const parser = new Parser();
  parser.setLanguage(powerShellLanguage());
  const tree = parser.parse(source);
  const errors: string[] = [];
  const commands: string[] = [];
  const staticCalls: string[] = [];
  const visit = (node: Parser.SyntaxNode): void => {
    if (node.type === 'ERROR' || node.isMissing)
      errors.push(`line ${node.startPosition.row + 1}: ${node.text.slice(0, 80)}`);
    if (node.type === 'command_name') commands.push(node.text);
    if (node.type === 'invokation_expression' && node.text.includes('::')) {
      const match = /^\[([^\]]+)\]::(\w+)/.exec(node.text);
      if (match) staticCalls.push(`${match[1]}::${match[2]}`);
    }
    for (const child of node.children) visit(child);
  };
  visit(tree.rootNode);
  return { hasError: tree.rootNode.hasError, errors, commands, staticCalls };
}
