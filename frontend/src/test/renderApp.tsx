import { render } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { App } from '../App';
import { AuthProvider } from '../auth/AuthContext';
import { setupI18n } from '../i18n';

/** Renders the whole app at `path`, in English, as main.tsx does in the browser. */
export function renderApp(path = '/') {
  setupI18n('en');
  return render(
    <MemoryRouter initialEntries={[path]}>
      <AuthProvider>
        <App />
      </AuthProvider>
    </MemoryRouter>,
  );
}
