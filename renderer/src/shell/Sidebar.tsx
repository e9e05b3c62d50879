// Profiles and their connections: connect/disconnect, state badges, and the profile actions.
import { useRef, useState } from 'react';
import type { ProfileKind } from '../../../shared/contract/profiles.contract';
import { t } from '../i18n';
import {
  connectProfile,
  deleteProfile,
  disconnect,
  duplicateProfile,
  editProfile,
  exportProfiles,
  importProfiles,
  newProfile,
} from '../features/profiles/profile-actions';
import { kindName, PROFILE_KINDS } from '../features/profiles/profile-model';
import { appStore, connectionForProfile, useApp } from '../state/app-store';
import { MoreMenu } from './MoreMenu';
import { StateBadge, StateExplanation } from './StateBadge';

export function Sidebar() {
  const profiles = useApp((s) => s.profiles);
  const fileRef = useRef<HTMLInputElement>(null);
  const [kind, setKind] = useState<ProfileKind>('mqtt');
  return (
    <nav className="sidebar" aria-label={t('core.sidebar.label')}>
      <div className="sidebar-head">
        <h2>{t('core.sidebar.profiles')}</h2>
        <div className="new-profile">
          <select aria-label={t('core.field.kind')} value={kind} onChange={(e) => setKind(e.target.value as ProfileKind)}>
            {PROFILE_KINDS.map((k) => (
              <option key={k} value={k}>
                {kindName(k)}
              </option>
            ))}
          </select>
          <button type="button" className="primary" onClick={() => newProfile(kind)} title={t('shell.sidebar.newHint')}>
            {t('core.sidebar.new')}
          </button>
        </div>
        <div className="sidebar-tools">
          <button type="button" onClick={() => fileRef.current?.click()}>
            {t('core.sidebar.import')}
          </button>
          <button type="button" onClick={() => void exportProfiles()} disabled={profiles.length === 0}>
            {t('core.sidebar.exportAll')}
          </button>
          <input
            ref={fileRef}
            type="file"
            accept=".json,application/json"
            hidden
            data-testid="import-file"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void importProfiles(f);
              e.target.value = '';
            }}
          />
        </div>
      </div>
      {profiles.length === 0 && <p className="muted empty">{t('core.sidebar.empty')}</p>}
      <ul className="profile-list">
        {profiles.map((p) => (
          <ProfileItem key={p.profile.id} id={p.profile.id} name={p.profile.name} kind={p.profile.kind} sandbox={!!p.profile.sandbox} />
        ))}
      </ul>
    </nav>
  );
}

function ProfileItem({ id, name, kind, sandbox }: { id: string; name: string; kind: ProfileKind; sandbox: boolean }) {
  const conn = useApp((s) => connectionForProfile(s, id));
  const selected = useApp((s) => !!conn && s.selectedConnectionId === conn.connectionId);
  // A refused connection is over (the driver does not retry a refusal): it offers Connect again, not Disconnect.
  const live = conn && conn.state.status !== 'closed' && conn.state.status !== 'idle' && conn.state.status !== 'refused';
  return (
    <li className={`profile-item ${selected ? 'selected' : ''}`} data-profile-id={id} data-testid="profile-item">
      <div className="profile-main" onClick={() => conn && appStore.setState({ selectedConnectionId: conn.connectionId })}>
        <span className="profile-name" data-i18n="data">
          {name}
        </span>
        <span className="profile-kind">
          {kindName(kind)}
          {sandbox && (
            <span className="pill sandbox-pill" title={t('core.sidebar.sandboxHint')}>
              {t('core.sidebar.sandbox')}
            </span>
          )}
        </span>
      </div>
      {conn && <StateBadge state={conn.state} />}
      {conn && conn.unsettled != null && conn.unsettled > 0 && <span className="pill">{t('core.conn.unsettled', { count: conn.unsettled })}</span>}
      {conn && <StateExplanation state={conn.state} />}
      <div className="profile-actions">
        {live ? (
          <button type="button" onClick={() => void disconnect(conn.connectionId)}>
            {t('core.conn.disconnect')}
          </button>
        ) : (
          <button type="button" className="primary" onClick={() => void connectProfile(id)}>
            {t('core.conn.connect')}
          </button>
        )}
        <button type="button" onClick={() => editProfile(id)}>
          {t('core.profile.edit')}
        </button>
        <MoreMenu>
          <button type="button" onClick={() => void duplicateProfile(id)}>
            {t('core.profile.duplicate')}
          </button>
          <button type="button" onClick={() => void exportProfiles([id])}>
            {t('core.profile.export')}
          </button>
          <button type="button" className="danger" onClick={() => void deleteProfile(id, name)}>
            {t('core.profile.delete')}
          </button>
        </MoreMenu>
      </div>
    </li>
  );
}
