import { useEffect, useState } from 'react';
import { useSession } from './context';
import { evidenceUrl } from './evidence';

// Apart from evidence.ts, which stays a plain module that unit tests load without React or the session.

/** The presigned read URLs last five minutes; a page left open asks for fresh ones before they lapse. */
const LINK_REFRESH_MS = 4 * 60 * 1000;

/**
 * A piece of evidence's read URL, kept fresh while the component shows it; `failed` when none could be had
 * (a URL already in hand is kept through a failed refresh).
 */
export function useEvidenceUrl(key: string): { url?: string; failed?: boolean } {
  const { api } = useSession();
  const [link, setLink] = useState<{ url?: string; failed?: boolean }>({});
  useEffect(() => {
    let live = true;
    const load = () =>
      evidenceUrl(api, key).then(
        (url) => live && setLink({ url }),
        () => live && setLink((l) => (l.url ? l : { failed: true })),
      );
    void load();
    const timer = window.setInterval(load, LINK_REFRESH_MS);
    return () => {
      live = false;
      window.clearInterval(timer);
    };
  }, [api, key]);
  return link;
}
