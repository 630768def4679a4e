import type {
  BallotRequest,
  CreateEvaluationRequest,
  EvaluationListQuery,
  EvaluationRound,
  EvaluationSubject,
  EvaluationTally,
  EvaluationTarget,
  FinaliseEvaluationRequest,
  MyEvaluationResult,
  MyPeerRatings,
  PeerRatingsRequest,
  SelfAssessment,
  SelfAssessmentRequest,
} from '@tongxin/contract';
import { api, apiRequest } from '../../api/client.ts';

const one = (id: string) => `/evaluation/rounds/${encodeURIComponent(id)}`;

export const listRounds = (query: EvaluationListQuery, signal?: AbortSignal) =>
  api.get<EvaluationRound[]>('/evaluation/rounds', { query: { ...query }, signal });
export const evaluationTargets = () => api.get<EvaluationTarget[]>('/evaluation/targets');
export const myResults = (signal?: AbortSignal) =>
  api.get<MyEvaluationResult[]>('/evaluation/my-results', { signal });
export const createRound = (body: CreateEvaluationRequest) =>
  api.post<EvaluationRound>('/evaluation/rounds', body);
export const getRound = (id: string, signal?: AbortSignal) =>
  api.get<EvaluationRound>(one(id), { signal });
export const roundSubjects = (id: string, signal?: AbortSignal) =>
  api.get<EvaluationSubject[]>(`${one(id)}/subjects`, { signal });
export const openRound = (id: string) => api.post<EvaluationRound>(`${one(id)}/open`);
export const closeRound = (id: string) => api.post<EvaluationRound>(`${one(id)}/close`);
export const getSelf = (id: string, signal?: AbortSignal) =>
  api.get<SelfAssessment | null>(`${one(id)}/self`, { signal });
export const putSelf = (id: string, body: SelfAssessmentRequest) =>
  apiRequest<EvaluationRound>('PUT', `${one(id)}/self`, { body });
export const getPeerRatings = (id: string, signal?: AbortSignal) =>
  api.get<MyPeerRatings>(`${one(id)}/peer-ratings`, { signal });
export const putPeerRatings = (id: string, body: PeerRatingsRequest) =>
  apiRequest<EvaluationRound>('PUT', `${one(id)}/peer-ratings`, { body });
export const castBallot = (id: string, body: BallotRequest) =>
  api.post<EvaluationRound>(`${one(id)}/ballot`, body);
export const getTally = (id: string, signal?: AbortSignal) =>
  api.get<EvaluationTally>(`${one(id)}/tally`, { signal });
export const finaliseRound = (id: string, body: FinaliseEvaluationRequest) =>
  api.post<EvaluationRound>(`${one(id)}/finalise`, body);
