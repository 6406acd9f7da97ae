/** A labelled drop-down over a vocabulary (statuses, severities, types), with an optional "any" choice. */

/** A vocabulary value in words: `in-review` → `In review`. */
export function vocabularyLabel(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1).replace('-', ' ');
}

/** A `<select>` with its `<label>` in a `.field`; `anyLabel` adds a first choice with the empty value. */
export function SelectField<T extends string>({
  id,
  label,
  value,
  options,
  anyLabel,
  onChange,
}: {
  readonly id: string;
  readonly label: string;
  readonly value: T | '';
  readonly options: readonly T[];
  readonly anyLabel?: string;
  readonly onChange: (value: T | '') => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as T | '')}>
        {anyLabel === undefined ? null : <option value="">{anyLabel}</option>}
        {options.map((option) => (
          <option key={option} value={option}>
            {vocabularyLabel(option)}
          </option>
        ))}
      </select>
    </div>
  );
}
