// Profile actions shared by the sidebar and keyboard shortcuts.
import type { ProfileKind } from '../../../../shared/contract/profiles.contract';
import { newerConnectionView } from '../../../../shared/connections/connection-view-order';
import { call } from '../../api/client';
import { t } from '../../i18n';
import { addNotice, appStore, refreshConnections, refreshProfiles } from '../../state/app-store';
import { useForeignImport } from '../import/foreign-import-store';

export function newProfile(kind: ProfileKind = 'mqtt') {
  appStore.setState({ editor: { mode: 'new', kind } });
}

export function editProfile(profileId: string) {
  appStore.setState({ editor: { mode: 'edit', profileId } });
}

export async function duplicateProfile(id: string) {
  try {
    const v = await call('profiles.duplicate', { id });
    await refreshProfiles();
    addNotice('info', t('core.profile.duplicated', { name: v.profile.name }));
  } catch (e) {
    addNotice('error', (e as Error).message);
  }
}

export async function deleteProfile(id: string, name: string) {
  if (!window.confirm(t('core.profile.confirmDelete', { name }))) return;
  try {
    await call('profiles.delete', { id });
    await refreshProfiles();
  } catch (e) {
    addNotice('error', (e as Error).message);
  }
}

/** Saves the export JSON (no secrets) through a download. */
export async function exportProfiles(ids?: string[]) {
  try {
    const r = await call('profiles.export', ids ? { ids } : {});
    const blob = new Blob([r.json], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = 'fieldscope-profiles.json';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    addNotice('info', t('core.export.done', { omitted: r.omitted }));
  } catch (e) {
    addNotice('error', (e as Error).message);
  }
}

export async function importProfiles(file: File) {
  try {
    const json = await file.text();
    if (!isFieldscopeExport(json)) {
      const foreign = await call('profiles.importForeign', { text: json });
      await refreshProfiles();
      useForeignImport.setState({ result: foreign });
      return;
    }
    const r = await call('profiles.import', { json });
    await refreshProfiles();
    addNotice('info', t('core.import.done', { count: r.imported.length }));
    const need = r.needSecrets.filter((n) => n.slots.length > 0);
    if (need.length) appStore.setState({ pendingSecrets: need });
  } catch (e) {
    addNotice('error', (e as Error).message);
  }
}

/** Fieldscope's own export names its format; anything else may be an MQTTX or MQTT Explorer file. */
function isFieldscopeExport(text: string): boolean {
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null && (v as { format?: unknown }).format === 'fieldscope-profiles';
  } catch {
    return false;
  }
}

export async function connectProfile(profileId: string) {
  try {
    const c = await call('connections.open', { profileId });
    // The answer can come after the state events it started (a fast refusal): keep the newer view.
    appStore.setState((s) => ({
      connections: { ...s.connections, [c.connectionId]: newerConnectionView(s.connections[c.connectionId], c) },
      selectedConnectionId: c.connectionId,
    }));
  } catch (e) {
    addNotice('error', (e as Error).message);
  }
}

export async function disconnect(connectionId: string) {
  try {
    await call('connections.close', { connectionId });
    void refreshConnections();
  } catch (e) {
    addNotice('error', (e as Error).message);
  }
}
