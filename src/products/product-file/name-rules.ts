/**
 * Naming rules for what a product file defines. Names of products, components,
 * rings and targets show up in URLs, chat commands and artifact names, so they
 * are kept to a small safe alphabet.
 */
import { USER_NAME } from '../../auth/names.ts';
import { branchProblem } from '../../builds/build-rules.ts';
import type { Check } from './yaml-reader.ts';

const NAME = /^[a-z][a-z0-9-]{0,62}$/;
const STAGE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const USER = USER_NAME;
const VARIABLE = /^[A-Z_][A-Z0-9_]*$/;
const LABEL = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,62}$/;

export const checkName: Check = (value) =>
  NAME.test(value) ? null : `'${value}' is not a valid name: use 1 to 63 lowercase letters, digits or '-', starting with a letter`;

export const checkStage: Check = (value) =>
  STAGE.test(value) ? null : `'${value}' is not a valid stage name: use letters, digits, '.', '_' or '-'`;

export const checkUser: Check = (value) =>
  USER.test(value) ? null : `'${value}' is not a valid user name: use 1 to 63 lowercase letters, digits, '.', '_' or '-', starting with a letter`;

export const checkVariable: Check = (value) =>
  VARIABLE.test(value) ? null : `'${value}' is not a valid variable name: use uppercase letters, digits and '_', like SMTP_HOST`;

export const checkLabel: Check = (value) =>
  LABEL.test(value) ? null : `'${value}' is not a valid label: use letters, digits, '.', '_', '/' or '-'`;

export const checkBranch: Check = (value) => {
  const problem = branchProblem(value);
  return problem === null ? null : `'${value}' is not a valid git branch name: ${problem}`;
};

export const checkNonEmpty: Check = (value) => (value.trim() === '' ? 'must not be empty' : null);
