import { useQuery } from '@tanstack/react-query';
import { getSetupStatus } from '../../api/setup.ts';

export const SETUP_STATUS_KEY = ['setup', 'status'] as const;

export const useSetupStatusQuery = () =>
  useQuery({ queryKey: SETUP_STATUS_KEY, queryFn: getSetupStatus, staleTime: 0 });
