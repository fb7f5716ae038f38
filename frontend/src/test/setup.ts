import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { setCsrfToken } from '../api/csrf';

// Each test starts signed out, in a fresh page as far as storage goes.
afterEach(() => {
  cleanup();
  setCsrfToken(null);
  window.sessionStorage.clear();
  window.localStorage.clear();
});
