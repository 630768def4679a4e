import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { StartTransferRequest, TransferListQuery } from '@tongxin/contract';
import {
  acceptTransfer,
  cancelTransfer,
  listTransfers,
  memberTransfers,
  rejectTransfer,
  startTransfer,
  transferDestinations,
} from '../../api/transfers.ts';

export const useTransferListQuery = (query: TransferListQuery) =>
  useQuery({
    queryKey: ['transfers', 'list', query],
    queryFn: ({ signal }) => listTransfers(query, signal),
  });

export const useTransferDestinations = (enabled: boolean) =>
  useQuery({
    queryKey: ['transfers', 'destinations'],
    queryFn: transferDestinations,
    enabled,
  });

export const useMemberTransfers = (memberId: string | undefined) =>
  useQuery({
    queryKey: ['transfers', 'member', memberId],
    queryFn: () => memberTransfers(memberId ?? ''),
    enabled: memberId !== undefined,
  });

/** A decision moves a member: rosters, counts and transfer lists all change. */
function useInvalidate() {
  const client = useQueryClient();
  return () =>
    Promise.all(
      ['transfers', 'members', 'orgs'].map((key) => client.invalidateQueries({ queryKey: [key] })),
    );
}

export function useStartTransfer(memberId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: StartTransferRequest) => startTransfer(memberId, body),
    onSuccess: invalidate,
  });
}

export type TransferAction =
  | { kind: 'accept'; id: string }
  | { kind: 'reject'; id: string; reason: string }
  | { kind: 'cancel'; id: string; reason: string };

export function useDecideTransfer() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (action: TransferAction) =>
      action.kind === 'accept'
        ? acceptTransfer(action.id, {})
        : action.kind === 'reject'
          ? rejectTransfer(action.id, action.reason)
          : cancelTransfer(action.id, action.reason),
    onSuccess: invalidate,
  });
}
