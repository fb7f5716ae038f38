import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/AuthContext';

export function SignOutButton({ className = 'button' }: { className?: string }) {
  const { t } = useTranslation();
  const { signOut } = useAuth();
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className={className}
      aria-disabled={pending || undefined}
      onClick={() => {
        if (pending) return;
        setPending(true);
        void signOut();
      }}
    >
      {pending ? t('user.signingOut') : t('user.signOut')}
    </button>
  );
}
