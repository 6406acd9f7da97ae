/**
 * Uploading evidence (editors): a drop zone taking several files at once, and a labelled file input for the
 * keyboard; the options of the upload (parse into the working timeline, format, zone, provenance). Files are
 * sent one after the other with XMLHttpRequest, each with its own progress bar, then its ingest job is followed
 * live. An error (a 413 over the size limit, a 400 for a wrong option) is shown on the file it concerns.
 */
import { type DragEvent, useEffect, useId, useRef, useState } from 'react';
import { FORMAT_NAMES } from '../../core/ingest-formats.js';
import { errorMessage } from '../workspace/save-part.js';
import { formatBytes, type Job, type UploadResponse } from './evidence-types.js';
import { JobStatus } from './JobStatus.js';
import { DEFAULT_UPLOAD_OPTIONS, type UploadHandle, type UploadOptions, uploadEvidence } from './upload.js';

/** One file of the upload queue. */
interface UploadItem {
  readonly key: number;
  readonly file: File;
  readonly state: 'waiting' | 'uploading' | 'sent' | 'failed';
  readonly sent: number;
  readonly total: number;
  readonly answer?: UploadResponse;
  readonly error?: string;
}

/** Props: where to upload, and what to do once the list changed. */
export interface UploadPanelProps {
  readonly postMortemId: string;
  /** An upload or its ingest changed the evidence: read the list again. */
  readonly onChanged: () => void;
}

/** The upload panel. */
export function UploadPanel({ postMortemId, onChanged }: UploadPanelProps) {
  const id = useId();
  const [options, setOptions] = useState<UploadOptions>(DEFAULT_UPLOAD_OPTIONS);
  const [items, setItems] = useState<readonly UploadItem[]>([]);
  const [dragging, setDragging] = useState(false);
  const nextKey = useRef(1);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const inputRef = useRef<HTMLInputElement>(null);
  const active = useRef<UploadHandle | undefined>(undefined);
  const gone = useRef(false);

  // Leaving the screen cancels the upload under way and the ones waiting.
  useEffect(() => {
    gone.current = false;
    return () => {
      gone.current = true;
      active.current?.abort();
    };
  }, []);

  const update = (key: number, change: Partial<UploadItem>) =>
    setItems((current) => current.map((item) => (item.key === key ? { ...item, ...change } : item)));

  const sendOne = async (key: number, file: File, chosen: UploadOptions) => {
    if (gone.current) return;
    update(key, { state: 'uploading' });
    try {
      const handle = uploadEvidence(postMortemId, file, chosen, (sent, total) =>
        update(key, { sent, total }),
      );
      active.current = handle;
      const answer = await handle.done;
      update(key, { state: 'sent', answer, sent: file.size, total: file.size });
      onChanged();
    } catch (error) {
      update(key, { state: 'failed', error: errorMessage(error, `${file.name} could not be uploaded`) });
    } finally {
      active.current = undefined;
    }
  };

  const add = (files: readonly File[]) => {
    if (files.length === 0) return;
    const chosen = options;
    const added = files.map((file) => ({
      key: nextKey.current++,
      file,
      state: 'waiting' as const,
      sent: 0,
      total: file.size,
    }));
    setItems((current) => [...added, ...current]);
    // One file at a time: each gets the whole bandwidth and a meaningful progress bar.
    for (const item of added) {
      queue.current = queue.current.then(() => sendOne(item.key, item.file, chosen));
    }
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    add([...event.dataTransfer.files]);
  };

  const set = <K extends keyof UploadOptions>(key: K, value: UploadOptions[K]) =>
    setOptions((current) => ({ ...current, [key]: value }));

  return (
    <section className="evidence-upload" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Upload evidence</h3>
      <fieldset className="upload-options">
        <legend>Options for the next files</legend>
        <label className="check">
          <input type="checkbox" checked={options.ingest} onChange={(e) => set('ingest', e.target.checked)} />
          Parse into the working timeline
        </label>
        <div className="upload-grid">
          <div className="field">
            <label htmlFor={`${id}-format`}>Format</label>
            <select
              id={`${id}-format`}
              value={options.format}
              disabled={!options.ingest}
              onChange={(e) => set('format', e.target.value)}
            >
              <option value="auto">Detect automatically</option>
              {FORMAT_NAMES.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </div>
          <TextField
            id={`${id}-tz`}
            label="Time zone of times without offset"
            value={options.timezone}
            placeholder="e.g. Europe/Paris"
            onChange={(v) => set('timezone', v)}
          />
          <TextField
            id={`${id}-by`}
            label="Collected by"
            value={options.collectedBy}
            onChange={(v) => set('collectedBy', v)}
          />
          <TextField
            id={`${id}-at`}
            label="Collected at"
            value={options.collectedAt}
            placeholder="e.g. 2026-03-15T10:00Z"
            onChange={(v) => set('collectedAt', v)}
          />
          <TextField
            id={`${id}-src`}
            label="Source system"
            value={options.sourceSystem}
            onChange={(v) => set('sourceSystem', v)}
          />
          <TextField
            id={`${id}-desc`}
            label="Description"
            value={options.description}
            onChange={(v) => set('description', v)}
          />
        </div>
      </fieldset>
      <section
        className={dragging ? 'drop-zone dragging' : 'drop-zone'}
        aria-label="Drop zone: drop evidence files here"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>Drop files here to upload them, or choose them:</p>
        <label htmlFor={`${id}-files`}>Evidence files to upload</label>
        <input
          ref={inputRef}
          id={`${id}-files`}
          className="file-input"
          type="file"
          multiple
          onChange={(e) => {
            add([...(e.target.files ?? [])]);
            if (inputRef.current) inputRef.current.value = '';
          }}
        />
      </section>
      {items.length > 0 ? (
        <ul className="upload-list" aria-label="Uploads">
          {items.map((item) => (
            <UploadRow key={item.key} item={item} postMortemId={postMortemId} onChanged={onChanged} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function TextField(props: {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly placeholder?: string;
  readonly onChange: (value: string) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="text"
        value={props.value}
        placeholder={props.placeholder}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </div>
  );
}

function UploadRow(props: {
  readonly item: UploadItem;
  readonly postMortemId: string;
  readonly onChanged: () => void;
}) {
  const { item, postMortemId, onChanged } = props;
  const name = item.file.name;
  const percent = item.total > 0 ? Math.min(100, Math.round((item.sent / item.total) * 100)) : 0;
  const job: Job | undefined = item.answer?.job;
  return (
    <li className={`upload-item upload-${item.state}`}>
      <p className="upload-name">
        <strong>{name}</strong> <span className="muted">{formatBytes(item.file.size)}</span>
      </p>
      {item.state === 'waiting' ? <p className="hint">Waiting for the files before it…</p> : null}
      {item.state === 'uploading' || item.state === 'waiting' ? (
        <>
          <div
            className="meter"
            role="progressbar"
            aria-label={name}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
          >
            <span className="meter-fill" style={{ width: `${percent}%` }} />
          </div>
          <p className="hint">
            {percent}% · {formatBytes(item.sent)} of {formatBytes(item.total)}
          </p>
        </>
      ) : null}
      {item.state === 'failed' ? (
        <p role="alert" className="error">
          {name} was not uploaded: {item.error}
        </p>
      ) : null}
      {item.answer ? (
        <p role="status">
          {item.answer.outcome === 'existing'
            ? `Already held, same SHA-256: ${name} is ${item.answer.evidence.id} (${item.answer.evidence.originalName}); nothing was added.`
            : `Uploaded as ${item.answer.evidence.id}.`}
        </p>
      ) : null}
      {job ? (
        <JobStatus postMortemId={postMortemId} job={job} name={name} canEdit onEnded={() => onChanged()} />
      ) : null}
    </li>
  );
}
