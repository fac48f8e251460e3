import { useI18n } from '../context';

/** 中文 ⇄ English; the choice is kept in localStorage. */
export function LanguageSwitch() {
  const { t, locale, setLocale } = useI18n();
  const next = locale === 'en' ? 'zh-CN' : 'en';
  return (
    <button
      type="button"
      className="btn btn-ghost lang-switch"
      lang={next}
      aria-label={t('app.switchToLabel')}
      onClick={() => setLocale(next)}
    >
      {t('app.switchTo')}
    </button>
  );
}
