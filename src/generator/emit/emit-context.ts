import type {ActivityLogConfig} from '../../contract/model-config.ts';
import type {SchemaIR} from '../ir.ts';
import type {ModelOutput} from '../model/build-model.ts';
import type {AssociationIR} from '../model/translate-associations.ts';
import type {BannerInfo} from './banner.ts';

/** What every emitter receives: the parsed schema and the translated models. */
export interface EmitContext {
  readonly banner: BannerInfo;
  readonly schema: SchemaIR;
  /** Every concrete model, sorted by class name. */
  readonly models: readonly ModelOutput[];
  /** Associations per owning table (from the model that owns the table in MODELS). */
  readonly associationsByTable: ReadonlyMap<string, readonly AssociationIR[]>;
  readonly activityLog: ActivityLogConfig | null;
}

export interface GeneratedFile {
  /** Path relative to the output directory, `/`-separated. */
  readonly path: string;
  readonly content: string;
}

/**
 * An emitter turns the context into files. The generator runs a fixed list of
 * them (see generate.ts); adding the ActiveJob/ReactiveJob model modules later
 * is one more emitter in that list.
 */
export type Emitter = (context: EmitContext) => GeneratedFile[];
