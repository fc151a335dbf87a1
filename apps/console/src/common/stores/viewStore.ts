// The viewer store: what the agent streams (config, surfaces), how the technician looks at it (fit or
// 1:1, selected surface, annotation tool) and the connection quality shown next to the picture.
import { createStore } from 'zustand/vanilla';
import type { AnnotationTool, StreamConfigMessage, StreamSurface } from '@tether/protocol';

export type FitMode = 'fit' | 'actual';
export type ViewerTool = 'control' | AnnotationTool;

export interface ViewState {
  config: Omit<StreamConfigMessage, 'v' | 'type'> | null;
  surfaces: StreamSurface[];
  selectedSurface: number;
  fit: FitMode;
  tool: ViewerTool;
  color: string;
  fps: number;
  bitrate: number;
  rttMs: number | null;
  framesDecoded: number;
  decodeErrors: number;
  keyframeRequests: number;
}

export const initialView: ViewState = {
  config: null, surfaces: [], selectedSurface: 0, fit: 'fit', tool: 'control', color: '#ff3b30',
  fps: 0, bitrate: 0, rttMs: null, framesDecoded: 0, decodeErrors: 0, keyframeRequests: 0,
};

/** The agent's list of surfaces: keep the selection if it still exists, else take the primary one. */
export function applySurfaces(state: ViewState, surfaces: StreamSurface[]): Partial<ViewState> {
  const keep = surfaces.some((s) => s.id === state.selectedSurface);
  const primary = surfaces.find((s) => s.primary) ?? surfaces[0];
  return { surfaces, selectedSurface: keep ? state.selectedSurface : (primary?.id ?? 0) };
}

export function createViewStore() {
  return createStore<ViewState>(() => ({ ...initialView }));
}
export type ViewStore = ReturnType<typeof createViewStore>;
