import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  BallotRequest,
  CreateEvaluationRequest,
  FinaliseEvaluationRequest,
  PeerRatingsRequest,
  SelfAssessmentRequest,
} from '@tongxin/contract';
import {
  castBallot,
  closeRound,
  createRound,
  evaluationTargets,
  finaliseRound,
  getPeerRatings,
  getRound,
  getSelf,
  getTally,
  listRounds,
  myResults,
  openRound,
  putPeerRatings,
  putSelf,
  roundSubjects,
} from './evaluation-api.ts';

const KEY = 'evaluation';
/** Progress moves while members vote: refetch on focus and now and then. */
const LIVE = { refetchOnWindowFocus: true, refetchInterval: 30_000, staleTime: 5_000 } as const;

export const useRounds = () =>
  useQuery({ queryKey: [KEY, 'list'], queryFn: ({ signal }) => listRounds({}, signal), ...LIVE });

export const useEvaluationTargets = () =>
  useQuery({ queryKey: [KEY, 'targets'], queryFn: evaluationTargets, staleTime: 5 * 60_000 });

export const useMyResults = () =>
  useQuery({ queryKey: [KEY, 'results'], queryFn: ({ signal }) => myResults(signal) });

export const useRound = (id: string) =>
  useQuery({ queryKey: [KEY, 'one', id], queryFn: ({ signal }) => getRound(id, signal), ...LIVE });

export const useSubjects = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: [KEY, 'subjects', id],
    queryFn: ({ signal }) => roundSubjects(id, signal),
    enabled,
  });

export const useMySelf = (id: string, enabled: boolean) =>
  useQuery({ queryKey: [KEY, 'self', id], queryFn: ({ signal }) => getSelf(id, signal), enabled });

export const useMyPeerRatings = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: [KEY, 'peers', id],
    queryFn: ({ signal }) => getPeerRatings(id, signal),
    enabled,
  });

export const useTally = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: [KEY, 'tally', id],
    queryFn: ({ signal }) => getTally(id, signal),
    enabled,
  });

export type EvaluationAction =
  | { kind: 'open' | 'close'; id: string }
  | { kind: 'self'; id: string; body: SelfAssessmentRequest }
  | { kind: 'peers'; id: string; body: PeerRatingsRequest }
  | { kind: 'ballot'; id: string; body: BallotRequest }
  | { kind: 'finalise'; id: string; body: FinaliseEvaluationRequest };

export function useEvaluationAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (action: EvaluationAction) => {
      switch (action.kind) {
        case 'open':
          return openRound(action.id);
        case 'close':
          return closeRound(action.id);
        case 'self':
          return putSelf(action.id, action.body);
        case 'peers':
          return putPeerRatings(action.id, action.body);
        case 'ballot':
          return castBallot(action.id, action.body);
        case 'finalise':
          return finaliseRound(action.id, action.body);
      }
    },
    onSuccess: () => client.invalidateQueries({ queryKey: [KEY] }),
  });
}

export function useCreateRound() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateEvaluationRequest) => createRound(body),
    onSuccess: () => client.invalidateQueries({ queryKey: [KEY] }),
  });
}
