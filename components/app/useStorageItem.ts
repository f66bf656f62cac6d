import { useEffect, useState } from 'react';
import type { WxtStorageItem } from 'wxt/utils/storage';

/** The current value of a storage item, following its changes; undefined until first read. */
export function useStorageItem<T>(item: WxtStorageItem<T, Record<string, unknown>>): T | undefined {
  const [value, setValue] = useState<T | undefined>(undefined);
  useEffect(() => {
    let live = true;
    // A change seen while the first read is on its way is newer than what that read returns.
    let changed = false;
    void item.getValue().then((v) => live && !changed && setValue(v));
    const unwatch = item.watch((v) => {
      changed = true;
      setValue(v);
    });
    return () => {
      live = false;
      unwatch();
    };
  }, [item]);
  return value;
}
