import type { CreateOrgRequest, OrgDetail, OrgList, Organisation } from '@tongxin/contract';
import { api } from './client.ts';

export const listOrgs = () => api.get<OrgList>('/orgs');

export const getOrg = (id: string) => api.get<OrgDetail>(`/orgs/${encodeURIComponent(id)}`);

export const createOrg = (body: CreateOrgRequest) => api.post<Organisation>('/orgs', body);
