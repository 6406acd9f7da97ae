/**
 * The indicators of a post-mortem as a table (`GET /api/post-mortems/:id/indicators?type=&knownBad=&all=`): type,
 * value (defanged by default, with a toggle to show values as they are), first and last seen, sightings, the
 * known-bad list, the sources, and a link to the working timeline filtered on the indicator. Filters by type,
 * "known bad only" and "include allow-listed" are sent to the server.
 */
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { INDICATOR_TYPES } from '../../core/vocabulary.js';
import { defang } from './defang.js';
import { formatInstant, plural } from './format.js';
import { type IndicatorList, indicatorPivotPath, indicatorsPath, sourcesOf } from './indicator-api.js';
import { useApiGet } from './use-api-get.js';

/** Props: the post-mortem, and a counter the section bumps after a scan or an import to read the list again. */
export interface IndicatorTableProps {
  readonly postMortemId: string;
  readonly refresh: number;
}

/** The filterable indicator table. */
export function IndicatorTable({ postMortemId, refresh }: IndicatorTableProps) {
  const [type, setType] = useState('');
  const [knownBad, setKnownBad] = useState(false);
  const [all, setAll] = useState(false);
  const [asIs, setAsIs] = useState(false);
  const ids = { type: useId(), knownBad: useId(), all: useId(), asIs: useId() };
  const { state } = useApiGet<IndicatorList>(
    indicatorsPath(postMortemId),
    {
      type: type === '' ? undefined : type,
      knownBad: knownBad ? 'true' : undefined,
      all: all ? 'true' : undefined,
    },
    refresh,
  );
  const shown = (t: string, v: string) => (asIs ? v : defang(t, v));

  return (
    <div className="ioc-list">
      <fieldset className="ioc-filters">
        <legend className="visually-hidden">Filter the indicators</legend>
        <label htmlFor={ids.type}>Type</label>
        <select id={ids.type} value={type} onChange={(e) => setType(e.target.value)}>
          <option value="">All types</option>
          {INDICATOR_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <label className="check" htmlFor={ids.knownBad}>
          <input
            id={ids.knownBad}
            type="checkbox"
            checked={knownBad}
            onChange={(e) => setKnownBad(e.target.checked)}
          />
          Known bad only
        </label>
        <label className="check" htmlFor={ids.all}>
          <input id={ids.all} type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} />
          Include allow-listed
        </label>
        <label className="check" htmlFor={ids.asIs}>
          <input id={ids.asIs} type="checkbox" checked={asIs} onChange={(e) => setAsIs(e.target.checked)} />
          Show values as they are (not defanged)
        </label>
      </fieldset>
      {state.status === 'loading' ? (
        <p className="loading" role="status">
          Loading the indicators…
        </p>
      ) : state.status === 'error' ? (
        <p className="error" role="alert">
          {state.message}
        </p>
      ) : (
        <>
          {state.data.unscannedEvents > 0 ? (
            <p className="hint">
              {plural(state.data.unscannedEvents, 'event')} not scanned for indicators yet.
            </p>
          ) : null}
          <table className="ws-table ioc-table">
            <caption>Indicators ({state.data.indicators.length})</caption>
            <thead>
              <tr>
                <th scope="col">Type</th>
                <th scope="col">Value</th>
                <th scope="col">First seen</th>
                <th scope="col">Last seen</th>
                <th scope="col">Sightings</th>
                <th scope="col">Known bad</th>
                <th scope="col">Source</th>
                <th scope="col">Timeline</th>
              </tr>
            </thead>
            <tbody>
              {state.data.indicators.length === 0 ? (
                <tr>
                  <td colSpan={8}>No indicator matches these filters.</td>
                </tr>
              ) : (
                state.data.indicators.map((row) => {
                  const value = shown(row.type, row.value);
                  return (
                    <tr
                      key={`${row.type} ${row.value}`}
                      className={row.knownBad === null ? undefined : 'ioc-bad'}
                    >
                      <td>{row.type}</td>
                      <td className="ioc-value">
                        <code>{value}</code>
                      </td>
                      <td>{formatInstant(row.firstSeen)}</td>
                      <td>{formatInstant(row.lastSeen)}</td>
                      <td className="num">{row.events.toLocaleString('en')}</td>
                      <td>
                        {row.knownBad === null ? (
                          '—'
                        ) : (
                          <span className="badge ioc-bad-badge">Known bad: {row.knownBad}</span>
                        )}
                      </td>
                      <td>{sourcesOf(row)}</td>
                      <td>
                        {row.events > 0 ? (
                          <Link
                            to={indicatorPivotPath(postMortemId, row.value)}
                            aria-label={`Events with ${value}`}
                          >
                            Events
                          </Link>
                        ) : (
                          '—'
                        )}
                      </td>
                    </tr>
                  );
                })
              )}
            </tbody>
          </table>
          {Object.keys(state.data.hidden).length > 0 ? (
            <p className="hint">
              Hidden by the allow-list:{' '}
              {Object.entries(state.data.hidden)
                .map(([entry, n]) => `${entry} (${n})`)
                .join(', ')}
              .
            </p>
          ) : null}
        </>
      )}
    </div>
  );
}
