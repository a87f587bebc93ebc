import type { Option } from 'commander';

/**
 * What the value of an option completes to, when commander's own `choices` cannot say it (the
 * value is a list, or comes from the broker). Command definitions tag their options here; the
 * completion generator reads the tags. Kept free of imports so definitions stay light.
 */
export type CompletionValues = 'topics' | 'groups' | 'files' | { values: readonly string[] };

const hints = new WeakMap<Option, CompletionValues>();

export function completeWith<T extends Option>(option: T, values: CompletionValues): T {
  hints.set(option, values);
  return option;
}

export function completionHint(option: Option): CompletionValues | undefined {
  return hints.get(option);
}
