import { useI18n } from '../context';
import { useEvidenceUrl } from '../use-evidence-url';

/**
 * The photo a resident sent with their feedback, as a thumbnail that opens the full picture, through
 * `GET /evidence?key=…`. An image runs no script, whatever was uploaded (the API checked its bytes anyway).
 */
export function ResidentPhoto({ photoKey }: { photoKey: string }) {
  const { t } = useI18n();
  const link = useEvidenceUrl(photoKey);
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
