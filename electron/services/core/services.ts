/**
 * The backend's service registry. Each feature adds its public service to `Services` by declaration
 * merging in its own file:
 *
 *   declare module '../core/services' { interface Services { profiles: ProfileService } }
 *
 * so features find each other by name with full types and no shared file to edit.
 */
export interface Services {}

export class ServiceRegistry {
  private map = new Map<string, unknown>();

  set<K extends keyof Services>(name: K, service: Services[K]): void {
    this.map.set(name as string, service);
  }

  get<K extends keyof Services>(name: K): Services[K] {
    if (!this.map.has(name as string)) throw new Error(`service ${String(name)} is not started (feature order in backend.ts)`);
    return this.map.get(name as string) as Services[K];
  }

  maybe<K extends keyof Services>(name: K): Services[K] | undefined {
    return this.map.get(name as string) as Services[K] | undefined;
  }
}
