// Option parsers for commander: typed values, CliError on bad input.
import { CliError } from './cli-error';

export function intOption(flag: string, min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new CliError(`${flag}: expected an integer >= ${min}, got ${JSON.stringify(value)}`);
    return n;
  };
}

export function listOption(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter((s) => s.length > 0)];
}

export function choiceOption<T extends string>(flag: string, choices: readonly T[]): (value: string) => T {
  return (value) => {
    if (!(choices as readonly string[]).includes(value)) throw new CliError(`${flag}: expected one of ${choices.join(', ')}, got ${JSON.stringify(value)}`);
    return value as T;
  };
}
