export interface SelectOption {
  value: string;
  label: string;
}

/** Options for a select over one of the shared enums, labelled through i18n (`phenomena.jihadist`, …). */
export function enumOptions(
  values: readonly string[],
  prefix: string,
  t: (key: string) => string,
): SelectOption[] {
  return values.map((value) => ({ value, label: t(`${prefix}.${value}`) }));
}
