// What a form holds is kept in sessionStorage as it is typed: a session that ends mid-form sends
// the user to the login and back, and the form is as they left it.
import { useEffect, useState } from 'react';

export function useDraft<T>(key: string, initial: T): [T, (value: T) => void, () => void] {
  const storageKey = `utkast:${location.pathname}:${key}`;
  const [value, setValue] = useState<T>(() => {
    const stored = sessionStorage.getItem(storageKey);
    if (stored === null) return initial;
    try {
      return JSON.parse(stored) as T;
    } catch {
      return initial;
    }
  });
  useEffect(() => {
    sessionStorage.setItem(storageKey, JSON.stringify(value));
  }, [storageKey, value]);
  const clear = () => {
    sessionStorage.removeItem(storageKey);
    setValue(initial);
  };
  return [value, setValue, clear];
}
