import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../src/core/paths';

/** The parts of an ARM JSON template these tests read. */
interface ArmParameter {
  type: string;
  defaultValue?: unknown;
  allowedValues?: unknown[];
  minValue?: number;
  maxValue?: number;
  minLength?: number;
  maxLength?: number;
  metadata?: { description?: string };
}

export interface ArmResource {
  type: string;
  apiVersion: string;
  name: string;
  location?: string;
  kind?: string;
  scope?: string;
  sku?: Record<string, unknown>;
  identity?: { type: string; userAssignedIdentities?: Record<string, unknown> };
  properties?: Record<string, unknown>;
  dependsOn?: string[];
}

export interface ArmTemplate {
  $schema: string;
  contentVersion: string;
  parameters: Record<string, ArmParameter>;
  variables: Record<string, unknown>;
  resources: ArmResource[];
  outputs: Record<string, { type: string; value: unknown }>;
}

export const TEMPLATE_PATH = join(PROJECT_ROOT, 'infra', 'azuredeploy.json');
const PARAMETERS_PATH = join(PROJECT_ROOT, 'infra', 'azuredeploy.parameters.json');

export function loadTemplate(): ArmTemplate {
  return JSON.parse(readFileSync(TEMPLATE_PATH, 'utf8')) as ArmTemplate;
}

export function loadParameterValues(): Record<string, unknown> {
  const file = JSON.parse(readFileSync(PARAMETERS_PATH, 'utf8')) as {
    parameters: Record<string, { value: unknown }>;
  };
  return Object.fromEntries(Object.entries(file.parameters).map(([name, p]) => [name, p.value]));
}

/** Every string anywhere in `value`, object keys included (ARM evaluates expressions in both). */
export function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, v]) => [key, ...allStrings(v)]);
  return [];
}

/** Names referenced as `<fn>('name')` in the template's expressions (parameters, variables). */
export function referenced(template: unknown, fn: 'parameters' | 'variables'): Set<string> {
  const names = new Set<string>();
  const pattern = new RegExp(`\\b${fn}\\('([^']+)'\\)`, 'g');
  for (const text of allStrings(template)) {
    for (const match of text.matchAll(pattern)) names.add(match[1]);
  }
  return names;
}

export function resourcesOf(template: ArmTemplate, type: string): ArmResource[] {
  return template.resources.filter((r) => r.type === type);
}

export function oneResource(template: ArmTemplate, type: string): ArmResource {
  const found = resourcesOf(template, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0];
}

/**
 * What Azure Resource Manager checks of a parameter value before it deploys anything: type,
 * allowedValues, minValue/maxValue, minLength/maxLength. Returns the problems (empty: accepted).
 */
export function parameterProblems(template: ArmTemplate, values: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    const p = template.parameters[name];
    if (!p) {
      problems.push(`${name} is not a parameter of the template`);
      continue;
    }
    const type = p.type.toLowerCase();
    if ((type === 'string' || type === 'securestring') && typeof value !== 'string')
      problems.push(`${name} must be a string`);
    if (type === 'int' && !Number.isInteger(value)) problems.push(`${name} must be an integer`);
    if (type === 'bool' && typeof value !== 'boolean') problems.push(`${name} must be a bool`);
    if (p.allowedValues && !p.allowedValues.includes(value)) problems.push(`${name} is not an allowed value`);
    if (typeof value === 'number') {
      if (p.minValue !== undefined && value < p.minValue) problems.push(`${name} is below ${p.minValue}`);
      if (p.maxValue !== undefined && value > p.maxValue) problems.push(`${name} is above ${p.maxValue}`);
    }
    if (typeof value === 'string' || Array.isArray(value)) {
      if (p.minLength !== undefined && value.length < p.minLength) problems.push(`${name} is too short`);
      if (p.maxLength !== undefined && value.length > p.maxLength) problems.push(`${name} is too long`);
    }
  }
  for (const [name, p] of Object.entries(template.parameters)) {
    if (!(name in values) && p.defaultValue === undefined) problems.push(`${name} has no value`);
  }
  return problems;
}
