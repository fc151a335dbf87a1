// The admin view's controller, handed to components through React context.
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { AdminController } from '../../common/admin/adminController';
import type { AdminStores } from '../../common/admin/adminStores';

export const AdminContext = createContext<AdminController | null>(null);

export function useAdmin(): AdminController {
  const controller = useContext(AdminContext);
  if (!controller) throw new Error('AdminContext is missing');
  return controller;
}

/** Subscribes a component to a slice of one of the admin view's stores. */
export function useAdminStore<K extends keyof AdminStores, T>(name: K, select: (state: ReturnType<AdminStores[K]['getState']>) => T): T {
  const controller = useAdmin();
  return useStore(controller.stores[name] as never, select as never) as T;
}
