import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { verifyAudit, type Verdict } from '../api/oversight';
import { FormStatus } from '../forms/FormStatus';
import { useSubmit } from '../forms/useSubmit';

export function VerifyChain() {
  const { t } = useTranslation();
  const submit = useSubmit();
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  return (
    <section aria-labelledby="verify-title" className="card">
      <h2 id="verify-title">{t('audit.verifyTitle')}</h2>
      <p>{t('audit.verifyIntro')}</p>
      <FormStatus submit={submit} />
      <button
        type="button"
        className="button button--primary"
        aria-disabled={submit.pending || undefined}
        onClick={async () => {
          setVerdict(null);
          const v = await submit.run({}, () => verifyAudit());
          if (v) setVerdict(v);
        }}
      >
        {submit.pending ? t('audit.verifying') : t('audit.verify')}
      </button>
      <div role="status" data-testid="verdict">
        {verdict &&
          (verdict.ok ? (
            <p className="notice">{t('audit.chainOk', { count: verdict.checked })}</p>
          ) : verdict.broken_at ? (
            <p className="form-error">
              {t('audit.chainBroken', { seq: String(verdict.broken_at), problem: verdict.problem ?? '' })}
            </p>
          ) : (
            <p className="form-error">{t('audit.trailBroken', { problem: verdict.problem ?? '' })}</p>
          ))}
        {verdict?.ok &&
          (!verdict.checkpoints_configured ? (
            <p>{t('audit.checkpointsOff')}</p>
          ) : verdict.checkpoints ? (
            <p>{t('audit.checkpointsMatch', { count: verdict.checkpoints, seq: String(verdict.anchored ?? '') })}</p>
          ) : (
            <p>{t('audit.checkpointsNone')}</p>
          ))}
      </div>
    </section>
  );
}
