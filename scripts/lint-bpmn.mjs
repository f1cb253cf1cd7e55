#!/usr/bin/env node
// Lints BPMN models the way Camunda Modeler does for Camunda 7.24 and fails on ANY problem.
//
// Usage: node scripts/lint-bpmn.mjs [file-or-dir ...]   (default: bpmn)
//
// - Rules come from the project's .bpmnlintrc (bpmnlint:correctness +
//   plugin:camunda-compat/camunda-platform-7-24, no-bpmndi as warn).
// - The bpmnlint CLI exits 0 on warnings; this script exits 1 on every report,
//   whatever its category (error, warn or info).
// - Camunda Modeler picks the lint config from the execution-platform attributes of
//   <bpmn:definitions>, so this script also reports a model whose attributes do not say
//   Camunda Platform 7.24.0 (rule "execution-platform", checked here, not by bpmnlint).
// - Directories are searched recursively for *.bpmn; no model files means success.

import { createRequire } from 'node:module';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CONFIG_FILE = join(PROJECT_ROOT, '.bpmnlintrc');

const MODELER_NS = 'http://camunda.org/schema/modeler/1.0';
const EXPECTED_PLATFORM = 'Camunda Platform';
const EXPECTED_PLATFORM_VERSION = '7.24.0';

const projectRequire = createRequire(join(PROJECT_ROOT, 'package.json'));
const { Linter } = projectRequire('bpmnlint');
const NodeResolver = projectRequire('bpmnlint/lib/resolver/node-resolver');
// bpmn-moddle is the parser bpmnlint itself uses; load the copy bpmnlint depends on.
const bpmnlintRequire = createRequire(projectRequire.resolve('bpmnlint/package.json'));
const { BpmnModdle } = bpmnlintRequire('bpmn-moddle');

function findModels(paths) {
  const files = [];
  for (const path of paths) {
    if (!existsSync(path)) {
      continue;
    }
    if (statSync(path).isDirectory()) {
      const entries = readdirSync(path, { withFileTypes: true })
        .sort((a, b) => a.name.localeCompare(b.name));
      files.push(...findModels(entries.map(entry => join(path, entry.name))));
    } else if (path.endsWith('.bpmn')) {
      files.push(path);
    }
  }
  return files;
}

function executionPlatformProblems(definitions) {
  const attrs = definitions.$attrs || {};
  const prefixes = Object.keys(attrs)
    .filter(name => name.startsWith('xmlns:') && attrs[name] === MODELER_NS)
    .map(name => name.slice('xmlns:'.length));
  const attr = local => prefixes.map(prefix => attrs[`${prefix}:${local}`]).find(value => value !== undefined);

  const platform = attr('executionPlatform');
  const version = attr('executionPlatformVersion');
  if (platform === EXPECTED_PLATFORM && version === EXPECTED_PLATFORM_VERSION) {
    return [];
  }
  return [ {
    id: definitions.id,
    category: 'error',
    rule: 'execution-platform',
    message: `definitions must declare modeler:executionPlatform="${EXPECTED_PLATFORM}" and ` +
      `modeler:executionPlatformVersion="${EXPECTED_PLATFORM_VERSION}" ` +
      `(found ${platform === undefined ? 'none' : `"${platform}"`} / ${version === undefined ? 'none' : `"${version}"`})`
  } ];
}

async function lintFile(file, linter, moddle) {
  let parsed;
  try {
    parsed = await moddle.fromXML(readFileSync(file, 'utf-8'));
  } catch (error) {
    return [ { id: '', category: 'error', rule: 'parse', message: error.message.split('\n')[0] } ];
  }

  const problems = (parsed.warnings || []).map(warning => ({
    id: warning.element && warning.element.id || '',
    category: 'error',
    rule: 'import',
    message: warning.message.split('\n')[0]
  }));

  problems.push(...executionPlatformProblems(parsed.rootElement));

  const results = await linter.lint(parsed.rootElement);
  for (const [ ruleName, reports ] of Object.entries(results)) {
    for (const report of reports) {
      problems.push({
        id: report.id || '',
        category: report.category,
        rule: report.name || ruleName,
        message: report.message
      });
    }
  }
  return problems;
}

async function main() {
  const args = process.argv.slice(2);
  const files = findModels(args.length ? args : [ 'bpmn' ]);
  if (files.length === 0) {
    console.log('lint-bpmn: no .bpmn files found, nothing to lint');
    return 0;
  }

  const config = JSON.parse(readFileSync(CONFIG_FILE, 'utf-8'));
  const moddle = new BpmnModdle();

  let problemCount = 0;
  for (const file of files) {
    // A linter per file: bpmnlint caches rule instances, and some rules (no-duplicate-sequence-flows)
    // keep state across runs, so models sharing element ids would be reported as duplicates.
    const linter = new Linter({ config, resolver: new NodeResolver({ require: projectRequire }) });
    const problems = await lintFile(file, linter, moddle);
    const shownFile = relative(process.cwd(), file) || file;
    for (const { id, category, rule, message } of problems) {
      console.log(`${shownFile}: ${id || '-'}: ${category} [${rule}] ${message}`);
    }
    problemCount += problems.length;
  }

  console.log(`lint-bpmn: ${files.length} file(s), ${problemCount} problem(s)`);
  return problemCount === 0 ? 0 : 1;
}

main().then(
  code => process.exit(code),
  error => {
    console.error(error);
    process.exit(2);
  }
);
