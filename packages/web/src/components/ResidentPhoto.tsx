import { useEffect, useState } from 'react';
import { useI18n, useSession } from '../context';
import { evidenceUrl } from '../evidence';

/** The presigned read URLs last five minutes; a page left open asks for a fresh one before it lapses. */
const REFRESH_MS = 4 * 60 * 1000;

/**
 * The photo a resident sent with their feedback, as a thumbnail that opens the full picture, through
 * `GET /evidence?key=…`. An image runs no script, whatever was uploaded (the API checked its bytes anyway).
 */
export function ResidentPhoto({ photoKey }: { photoKey: string }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [link, setLink] = useState<{ url?: string; failed?: boolean }>({});
  useEffect(() => {
    let live = true;
    const load = () =>
      evidenceUrl(api, photoKey).then(
        (url) => live && setLink({ url }),
        () => live && setLink((l) => (l.url ? l : { failed: true })),
      );
    void load();
    const timer = window.setInterval(load, REFRESH_MS);
    return () => {
      live = false;
      window.clearInterval(timer);
    };
  }, [api, photoKey]);
  if (!link.url)
    return (
      <span className="evidence evidence-pending">
        <span aria-hidden="true">🖼</span> {t('photo.resident')}
        {link.failed ? <span className="muted">（{t('evidence.unavailable')}）</span> : null}
      </span>
    );
  return (
    <a className="evidence" href={link.url} target="_blank" rel="noopener noreferrer">
      <img src={link.url} alt={t('photo.resident')} className="evidence-thumb" loading="lazy" />
    </a>
  );
}
