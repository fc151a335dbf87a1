// The one controller of this window, handed to components through React context.
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { ConsoleController, ConsoleStores } from '../common/consoleController';

export const ConsoleContext = createContext<ConsoleController | null>(null);

export function useController(): ConsoleController {
  const controller = useContext(ConsoleContext);
  if (!controller) throw new Error('ConsoleContext is missing');
  return controller;
}

/** Subscribes a component to a slice of one of the console's stores. */
export function useConsoleStore<K extends keyof ConsoleStores, T>(name: K, select: (state: ReturnType<ConsoleStores[K]['getState']>) => T): T {
  const controller = useController();
  return useStore(controller.stores[name] as never, select as never) as T;
}
