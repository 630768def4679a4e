import type {
  AcceptTransferRequest,
  StartTransferRequest,
  Transfer,
  TransferDestination,
  TransferList,
  TransferListQuery,
} from '@tongxin/contract';
import { api } from './client.ts';

export const listTransfers = (query: TransferListQuery, signal?: AbortSignal) =>
  api.get<TransferList>('/transfers', { query: { ...query }, signal });

export const transferDestinations = () => api.get<TransferDestination[]>('/transfers/destinations');

export const memberTransfers = (memberId: string) =>
  api.get<Transfer[]>(`/members/${encodeURIComponent(memberId)}/transfers`);

export const startTransfer = (memberId: string, body: StartTransferRequest) =>
  api.post<Transfer>(`/members/${encodeURIComponent(memberId)}/transfers`, body);

export const acceptTransfer = (id: string, body: AcceptTransferRequest) =>
  api.post<Transfer>(`/transfers/${encodeURIComponent(id)}/accept`, body);

export const rejectTransfer = (id: string, reason: string) =>
  api.post<Transfer>(`/transfers/${encodeURIComponent(id)}/reject`, { reason });

export const cancelTransfer = (id: string, reason: string) =>
  api.post<Transfer>(`/transfers/${encodeURIComponent(id)}/cancel`, { reason });
