import { useTranslation } from 'react-i18next';

export function SubmitButton({ pending, label }: { pending: boolean; label: string }) {
  const { t } = useTranslation();
  return (
    <button type="submit" className="button button--primary" aria-disabled={pending || undefined}>
      {pending ? t('forms.saving') : label}
    </button>
  );
}
