import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LanguageSwitcher } from '../i18n/LanguageSwitcher';
import { UserMenu } from './UserMenu';

export function Header({ signedIn }: { signedIn: boolean }) {
  const { t } = useTranslation();
  return (
    <header className="header">
      <div className="header__brand">
        {signedIn ? (
          <Link to="/" className="header__name">
            {t('app.name')}
          </Link>
        ) : (
          <span className="header__name">{t('app.name')}</span>
        )}
        <span className="header__tagline">{t('app.tagline')}</span>
      </div>
      <div className="header__tools">
        <LanguageSwitcher signedIn={signedIn} />
        {signedIn && <UserMenu />}
      </div>
    </header>
  );
}
