import type {
  AssignPostRequest,
  CreateOrgRequest,
  DissolveOrgRequest,
  EndPostRequest,
  MoveOrgRequest,
  MyRoles,
  OrgDetail,
  OrgList,
  OrgPost,
  Organisation,
  UpdateOrgRequest,
} from '@tongxin/contract';
import { api } from './client.ts';

const orgPath = (id: string) => `/orgs/${encodeURIComponent(id)}`;

export const listOrgs = () => api.get<OrgList>('/orgs');

export const getOrg = (id: string) => api.get<OrgDetail>(orgPath(id));

export const createOrg = (body: CreateOrgRequest) => api.post<Organisation>('/orgs', body);

export const updateOrg = (id: string, body: UpdateOrgRequest) =>
  api.patch<Organisation>(orgPath(id), body);

export const moveOrg = (id: string, body: MoveOrgRequest) =>
  api.post<Organisation>(`${orgPath(id)}/move`, body);

export const dissolveOrg = (id: string, body: DissolveOrgRequest) =>
  api.post<{ ok: true }>(`${orgPath(id)}/dissolve`, body);

export const assignPost = (id: string, body: AssignPostRequest) =>
  api.post<OrgPost>(`${orgPath(id)}/posts`, body);

export const endPost = (id: string, postId: string, body: EndPostRequest) =>
  api.post<{ ok: true }>(`${orgPath(id)}/posts/${encodeURIComponent(postId)}/end`, body);

export const getMyRoles = () => api.get<MyRoles>('/me/roles');
