import { type FormEvent, type RefObject, useEffect, useLayoutEffect, useRef, useState } from 'react';
import {
  Badge,
  type Column,
  ConfirmDialog,
  CopyButton,
  DialogForm,
  ErrorBanner,
  Field,
  Flash,
  Loading,
  Modal,
  PageHeader,
  RadioGroup,
  Table,
  UnitOptions,
  useFocusFirstInvalid,
} from '../components/ui';
import { useFlash, useI18n, useLoad, useSession } from '../context';
import { loadUnits } from '../data';
import { dispositionName, downloadFile } from '../download';
import { ApiError } from '../errors';
import { endOfCstDay } from '../feedback';
import { linkFileName, posterFits } from '../links';
import { todayInChina } from '../problems';
import type { CreateFormLinkBody, FormLink, UpdateFormLinkBody } from '../types';

const STATE_TONE = { active: 'ok', revoked: 'muted', expired: 'warn' } as const;

/**
 * 评价链接: the township's form links (for the whole township or one unit), each with its URL, the short URL
 * its poster prints for typing (`/s/…`), its QR code and its A4 poster, and revocation. The QR code and the poster come from the API with the bearer token: the
 * QR as an SVG file shown through <img> (an image runs no script); the poster as a PDF download (what goes to
 * the printer), or as an HTML preview in a sandboxed frame without scripts, printed from there.
 */
export function FormLinksPage() {
  const { t, l, formatTime, formatNumber } = useI18n();
  const { api, me } = useSession();
  const links = useLoad(() => api.get<{ items: FormLink[] }>('/form-links').then((r) => r.items), []);
  const [flash, setFlash] = useFlash();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<FormLink>();
  const [editing, setEditing] = useState<FormLink>();
  const [showing, setShowing] = useState<FormLink>();
  const nameOf = (x: FormLink) =>
    `${x.scope === 'township' ? t('links.township') : (x.unitName ?? x.unitId ?? '')}${x.label ? ` · ${x.label}` : ''}`;

  const columns: Column<FormLink>[] = [
    {
      key: 'scope',
      header: t('links.scope'),
      cell: (r) => (
        <>
          <strong>{r.scope === 'township' ? t('links.township') : (r.unitName ?? r.unitId)}</strong>
          {r.label ? <span className="hint block">{r.label}</span> : null}
        </>
      ),
    },
    {
      key: 'state',
      header: t('links.state'),
      cell: (r) => <Badge tone={STATE_TONE[r.state]}>{l('linkState', r.state)}</Badge>,
    },
    {
      key: 'validUntil',
      header: t('links.validUntil'),
      className: 'nowrap',
      cell: (r) =>
        r.validUntil ? formatTime(r.validUntil) : <span className="muted">{t('links.noExpiry')}</span>,
    },
    {
      key: 'submissions',
      header: t('links.submissions'),
      className: 'num',
      cell: (r) => formatNumber(r.submissions),
    },
    {
      key: 'last',
      header: t('links.lastSubmitted'),
      className: 'nowrap',
      cell: (r) => formatTime(r.lastSubmittedAt),
    },
    {
      key: 'url',
      header: t('links.url'),
      cell: (r) =>
        // A dead link is not offered for copying into a village's WeChat group: shown, greyed, as a record.
        r.state !== 'active' ? (
          <span className="muted mono break">
            <s>{r.path}</s>
          </span>
        ) : (
          <>
            {r.shortUrl ? (
              <span className="link-url">
                <a className="mono break" href={r.shortUrl} target="_blank" rel="noopener noreferrer">
                  {r.shortUrl}
                </a>
                <CopyButton text={r.shortUrl} label={`${t('links.copyShortUrl')} ${nameOf(r)}`} />
              </span>
            ) : null}
            <span className="link-url">
              <a className="mono break" href={r.url} target="_blank" rel="noopener noreferrer">
                {r.path}
              </a>
              <CopyButton text={r.url} label={`${t('links.copyUrl')} ${nameOf(r)}`} />
            </span>
          </>
        ),
    },
    {
      key: 'actions',
      header: t('common.actions'),
      cell: (r) => (
        <span className="row-actions">
          {r.state === 'active' ? (
            <button
              type="button"
              className="btn btn-small"
              aria-label={`${t('links.qr')} ${nameOf(r)}`}
              onClick={() => setShowing(r)}
            >
              {t('links.qr')}
            </button>
          ) : (
            // A revoked or expired link's form refuses every resident who scans it: no QR code, no poster.
            <span className="hint">
              {t(r.state === 'revoked' ? 'links.noPosterRevoked' : 'links.noPosterExpired')}
            </span>
          )}
          {r.state !== 'revoked' ? (
            // Where it is posted and until when: a mended label or a longer validity keeps the QR code.
            <button
              type="button"
              className="btn btn-small"
              aria-label={`${t('links.edit')} ${nameOf(r)}`}
              onClick={() => setEditing(r)}
            >
              {t('links.edit')}
            </button>
          ) : null}
          {r.state === 'active' ? (
            <button
              type="button"
              className="btn btn-small btn-danger-outline"
              aria-label={`${t('links.revoke')} ${nameOf(r)}`}
              onClick={() => setRevoking(r)}
            >
              {t('links.revoke')}
            </button>
          ) : null}
        </span>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('links.title')}
        intro={t('links.intro')}
        actions={
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            {t('links.add')}
          </button>
        }
      />
      <Flash message={flash} />
      <ErrorBanner error={links.error} />
      {links.loading && !links.data ? <Loading /> : null}
      {links.data ? (
        <Table
          caption={t('links.caption')}
          columns={columns}
          rows={links.data}
          rowKey={(r) => r.linkId}
          stackOnPhone
        />
      ) : null}
      {creating ? (
        <CreateLinkDialog
          onClose={() => setCreating(false)}
          onCreated={(link) => {
            links.set((prev) => [link, ...(prev ?? [])]);
            setCreating(false);
            setFlash(t('links.created', { name: nameOf(link) }));
            setShowing(link);
          }}
        />
      ) : null}
      {editing ? (
        <EditLinkDialog
          // A fresh read starts the dialog again from what is stored now.
          key={`${editing.linkId}:${editing.version}`}
          link={editing}
          name={nameOf(editing)}
          onReload={async () => {
            const { items } = await api.get<{ items: FormLink[] }>('/form-links');
            links.set(() => items);
            setEditing(items.find((x) => x.linkId === editing.linkId && x.state !== 'revoked'));
          }}
          onClose={() => setEditing(undefined)}
          onSaved={(out) => {
            links.set((prev) => (prev ?? []).map((x) => (x.linkId === out.linkId ? out : x)));
            setEditing(undefined);
            setFlash(t('links.updated', { name: nameOf(out) }));
          }}
        />
      ) : null}
      {revoking ? (
        <ConfirmDialog
          title={t('links.revoke')}
          message={t('links.confirmRevoke', { name: nameOf(revoking) })}
          confirmLabel={t('links.revoke')}
          danger
          onClose={() => setRevoking(undefined)}
          onConfirm={async () => {
            const out = await api.post<FormLink>(`/form-links/${encodeURIComponent(revoking.linkId)}/revoke`);
            links.set((prev) => (prev ?? []).map((x) => (x.linkId === out.linkId ? out : x)));
            setRevoking(undefined);
            setFlash(t('links.revoked', { name: nameOf(out) }));
          }}
        />
      ) : null}
      {showing ? (
        <QrDialog
          link={showing}
          name={nameOf(showing)}
          township={me.tenantName}
          onClose={() => setShowing(undefined)}
          onPrinted={async () => {
            // A link older than short URLs gets its short code with its first poster (on the server): read the
            // list again so that the dialog and the row show it at once.
            if (showing.shortUrl) return;
            const { items } = await api.get<{ items: FormLink[] }>('/form-links');
            links.set(() => items);
            const fresh = items.find((x) => x.linkId === showing.linkId);
            if (fresh) setShowing(fresh);
          }}
        />
      ) : null}
    </>
  );
}

function CreateLinkDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (l: FormLink) => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const units = useLoad(() => loadUnits(api), []);
  const [scope, setScope] = useState<'unit' | 'township'>('unit');
  const [unitId, setUnitId] = useState('');
  const [label, setLabel] = useState('');
  const [until, setUntil] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const formRef = useFocusFirstInvalid(error);
  const [unitMissing, setUnitMissing] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (scope === 'unit' && !unitId) {
      setUnitMissing(true);
      return;
    }
    setBusy(true);
    setError(undefined);
    const body: CreateFormLinkBody = {
      ...(scope === 'unit' ? { unitId } : {}),
      ...(label.trim() ? { label: label.trim() } : {}),
      ...(until ? { validUntil: endOfCstDay(until) } : {}),
    };
    try {
      onCreated(await api.post<FormLink>('/form-links', body));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <DialogForm
      title={t('links.add')}
      onClose={onClose}
      onSubmit={submit}
      formRef={formRef}
      error={error}
      banner={<ErrorBanner error={error ?? units.error} />}
      busy={busy}
      label={t('links.add')}
      busyLabel={t('links.creating')}
    >
      <RadioGroup
        legend={t('links.scope')}
        name="scope"
        value={scope}
        options={[
          { value: 'unit', label: t('links.scopeUnit') },
          { value: 'township', label: t('links.scopeTownship') },
        ]}
        onChange={setScope}
      />
      {scope === 'unit' ? (
        <Field
          label={t('links.unit')}
          name="unitId"
          error={unitMissing && !unitId ? t('links.unitRequired') : undefined}
          required
        >
          {(p) => (
            <select {...p} value={unitId} onChange={(e) => setUnitId(e.target.value)}>
              <option value="">—</option>
              <UnitOptions units={units.data} />
            </select>
          )}
        </Field>
      ) : null}
      <LinkFields label={label} setLabel={setLabel} until={until} setUntil={setUntil} />
    </DialogForm>
  );
}

/** Where a link is posted and until when: the fields a new link and a change of one share. */
function LinkFields({
  label,
  setLabel,
  until,
  setUntil,
}: {
  label: string;
  setLabel: (v: string) => void;
  until: string;
  setUntil: (v: string) => void;
}) {
  const { t } = useI18n();
  return (
    <>
      <Field label={t('links.label')} hint={t('links.labelHint')} name="label" optional>
        {(p) => <input {...p} maxLength={60} value={label} onChange={(e) => setLabel(e.target.value)} />}
      </Field>
      <Field label={t('links.validUntil')} hint={t('links.validUntilHint')} name="validUntil" optional>
        {(p) => (
          <input
            {...p}
            type="date"
            className="input-short"
            value={until}
            onChange={(e) => setUntil(e.target.value)}
          />
        )}
      </Field>
    </>
  );
}

/** The China-time day of an instant, as a date input shows it. */
const cstDayOf = (iso: string) => todayInChina(new Date(iso));

/**
 * Change where a link is posted and until when it is valid. The link keeps its QR code and short URL, so the
 * posters already up keep working; a reprint carries the new words. The version read is sent along, so a change
 * someone made meanwhile is refused (409, with 刷新 to start again from it) rather than overwritten.
 */
function EditLinkDialog({
  link,
  name,
  onReload,
  onClose,
  onSaved,
}: {
  link: FormLink;
  name: string;
  /** Read the link again after someone else changed it (a 409 on its version). */
  onReload: () => Promise<void>;
  onClose: () => void;
  onSaved: (l: FormLink) => void;
}) {
  const { t } = useI18n();
  const { api } = useSession();
  const [label, setLabel] = useState(link.label ?? '');
  const [until, setUntil] = useState(link.validUntil ? cstDayOf(link.validUntil) : '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const formRef = useFocusFirstInvalid(error);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    // An unchanged day sends the stored instant back as it was, not the day's end recomputed.
    const keepsDay = !!link.validUntil && until === cstDayOf(link.validUntil);
    const body: UpdateFormLinkBody = {
      ...(label.trim() ? { label: label.trim() } : {}),
      ...(until ? { validUntil: keepsDay ? link.validUntil : endOfCstDay(until) } : {}),
      version: link.version,
    };
    try {
      onSaved(await api.put<FormLink>(`/form-links/${encodeURIComponent(link.linkId)}`, body));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <DialogForm
      title={t('links.editTitle', { name })}
      intro={t('links.editIntro')}
      onClose={onClose}
      onSubmit={submit}
      formRef={formRef}
      error={error}
      banner={<ErrorBanner error={error} onReload={() => onReload().catch(setError)} />}
      busy={busy}
      label={t('common.save')}
      busyLabel={t('common.saving')}
    >
      <LinkFields label={label} setLabel={setLabel} until={until} setUntil={setUntil} />
    </DialogForm>
  );
}

/** A blob URL that lives as long as the component, for an API file fetched with the bearer token. */
function useBlob(load: () => Promise<Response>, deps: readonly unknown[]) {
  const [state, setState] = useState<{ url?: string; blob?: Blob; name?: string; error?: unknown }>({});
  useEffect(() => {
    let url: string | undefined;
    let live = true;
    load().then(
      async (res) => {
        const blob = await res.blob();
        if (!live) return;
        url = URL.createObjectURL(blob);
        setState({ url, blob, name: dispositionName(res.headers.get('content-disposition')) });
      },
      (error: unknown) => live && setState({ error }),
    );
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, deps);
  return state;
}

/**
 * A link's QR code and posters. Printing a poster (PDF or preview) may give an old link its short URL on the
 * server: `onPrinted` reads it back so that it shows here and in the list without a reload.
 */
function QrDialog({
  link,
  name,
  township,
  onClose,
  onPrinted,
}: {
  link: FormLink;
  name: string;
  /** The township's name, which the downloads' file names start with, like the server's PDF name. */
  township: string;
  onClose: () => void;
  onPrinted: () => Promise<void>;
}) {
  const { t } = useI18n();
  const { api } = useSession();
  const fileName = (kind: 'qr' | 'poster') =>
    linkFileName(kind, { township, unit: link.unitName, label: link.label });
  const base = `/form-links/${encodeURIComponent(link.linkId)}`;
  const qr = useBlob(() => api.fetchFile(`${base}/qr.svg`), [base]);
  const [poster, setPoster] = useState<{ html?: string; error?: unknown; busy?: boolean }>({});
  const [pdf, setPdf] = useState<{ error?: unknown; busy?: boolean }>({});
  const frame = useRef<HTMLIFrameElement>(null);

  const download = () => {
    if (!qr.url) return;
    const a = document.createElement('a');
    a.href = qr.url;
    // The server's Chinese name (青山镇-东村-…-评价二维码.svg), else the same made here: never `form-link-<id>`.
    a.download = qr.name && !/^form-link-/.test(qr.name) ? qr.name : fileName('qr');
    document.body.append(a);
    a.click();
    a.remove();
  };
  const downloadPdf = async () => {
    setPdf({ busy: true });
    try {
      await downloadFile(api, `${base}/poster.pdf`, fileName('poster'));
      setPdf({});
      await onPrinted().catch(() => {});
    } catch (error) {
      setPdf({ error });
    }
  };
  const pdfButton = (
    <button type="button" className="btn btn-primary" onClick={downloadPdf} disabled={pdf.busy}>
      {pdf.busy ? t('app.loading') : t('links.posterPdf')}
    </button>
  );
  const openPoster = async () => {
    setPoster({ busy: true });
    try {
      const res = await api.fetchFile(`${base}/poster`);
      setPoster({ html: await res.text() });
      await onPrinted().catch(() => {});
    } catch (error) {
      setPoster({ error });
    }
  };

  if (poster.html !== undefined)
    return (
      <Modal title={t('links.posterTitle', { name })} open onClose={onClose} wide>
        <PosterPdfError error={pdf.error} />
        <PosterPreview frame={frame} title={t('links.posterTitle', { name })} html={poster.html} />
        <div className="form-actions">
          {pdfButton}
          <button type="button" className="btn" onClick={() => frame.current?.contentWindow?.print()}>
            {t('links.print')}
          </button>
          <button type="button" className="btn" onClick={onClose}>
            {t('common.close')}
          </button>
        </div>
      </Modal>
    );

  return (
    <Modal title={t('links.qrTitle', { name })} open onClose={onClose}>
      <ErrorBanner error={qr.error ?? poster.error} />
      <PosterPdfError error={pdf.error} />
      <div className="qr-box">
        {qr.url ? (
          <img className="qr-img" src={qr.url} alt={t('links.qrAlt', { url: link.url })} />
        ) : (
          <Loading />
        )}
        <p className="mono break">{link.url}</p>
      </div>
      {/* The short URL the poster prints for typing; a link older than short URLs gets one with its poster. */}
      <p className="link-url">
        {t('links.shortUrl')}
        {link.shortUrl ? (
          <>
            <strong className="mono break">{link.shortUrl}</strong>
            <CopyButton
              text={link.shortUrl}
              caption={t('links.copyShortUrl')}
              label={`${t('links.copyShortUrl')} ${name}`}
            />
          </>
        ) : (
          <span className="hint">{t('links.shortUrlLater')}</span>
        )}
      </p>
      <div className="form-actions">
        {pdfButton}
        <button type="button" className="btn" onClick={download} disabled={!qr.url}>
          {t('links.downloadQr')}
        </button>
        <button type="button" className="btn" onClick={openPoster} disabled={poster.busy}>
          {poster.busy ? t('app.loading') : t('links.poster')}
        </button>
        <CopyButton
          text={link.url}
          caption={t('links.copyFullUrl')}
          label={`${t('links.copyFullUrl')} ${name}`}
        />
        <button type="button" className="btn" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
      <p className="hint">{t('links.posterHint')}</p>
    </Modal>
  );
}

/** The width of an A4 page in CSS pixels (210 mm at 96 px per inch): what the poster's page is laid out in. */
const A4_WIDTH_PX = 794;
const A4_HEIGHT_PX = 1123;

/**
 * The HTML poster, shrunk to the dialog's width. The frame keeps the page's own A4 size (so the poster lays
 * out, and prints from the frame, exactly as on paper) and is scaled down with a CSS transform, which only
 * changes how it is drawn here. The box around it takes the scaled height.
 */
function PosterPreview({
  frame,
  title,
  html,
}: {
  frame: RefObject<HTMLIFrameElement | null>;
  title: string;
  html: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [scale, setScale] = useState(1);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const fit = () => setScale(posterFits(el.clientWidth, A4_WIDTH_PX));
    fit();
    const watch = new ResizeObserver(fit);
    watch.observe(el);
    return () => watch.disconnect();
  }, []);
  return (
    <div ref={box} className="poster-frame-box" style={{ height: Math.ceil(A4_HEIGHT_PX * scale) }}>
      {/* No allow-scripts: the poster is a document of the API's, shown and printed, never run. */}
      <iframe
        ref={frame}
        className="poster-frame"
        title={title}
        sandbox="allow-same-origin allow-modals"
        srcDoc={html}
        style={{
          width: A4_WIDTH_PX,
          height: A4_HEIGHT_PX,
          transform: `scale(${scale})`,
        }}
      />
    </div>
  );
}

/** The fields of a link whose names the poster prints, as the API names them in a 409 (poster-pdf.ts). */
const POSTER_FIELDS = ['township.name', 'unit.name', 'label'];

/**
 * Why the PDF poster could not be made. A name with a character the poster font lacks (a 409 naming the
 * field and the characters) gets a sentence saying which and what to do; anything else the usual banner.
 */
function PosterPdfError({ error }: { error: unknown }) {
  const { t, l } = useI18n();
  const glyphs =
    error instanceof ApiError && error.status === 409
      ? error.errors.filter((e) => POSTER_FIELDS.includes(e.field))
      : [];
  if (!glyphs.length) return <ErrorBanner error={error} />;
  const list = glyphs
    .map((e) => `${l('links.posterField', e.field)}“${e.reason.split(': ').pop() ?? ''}”`)
    .join('、');
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-title">{t('links.posterGlyphsTitle')}</p>
      <p>{t('links.posterGlyphs', { list })}</p>
    </div>
  );
}
