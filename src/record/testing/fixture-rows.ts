// Row types of the fixture models (fixture-models.ts), as the generator would emit them.

export type JobRow = {
  readonly id: string;
  readonly title: string;
  readonly status: string;
  readonly priority: number;
  readonly client_id: string | null;
  readonly tags: string[];
  readonly settings: {readonly [key: string]: boolean | {readonly [key: string]: boolean}};
  readonly discarded_at: number | null;
  readonly created_at: number;
  readonly updated_at: number;
};

export type ClientRow = {readonly id: string; readonly name: string; readonly active: boolean};
export type TaskRow = {readonly id: string; readonly job_id: string; readonly name: string; readonly position: number};
