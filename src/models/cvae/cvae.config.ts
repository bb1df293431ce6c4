/**
 * Conditional VAE (Kingma et al. 2014's M2 with the label observed; Sohn et al. 2015): the one-hot label is
 * concatenated to the encoder's input and to z, so q(z | x, y) and p(x | z, y); loss = −ELBO given y.
 */
import { ModelConfigError, numClassesField, type FieldValues, type ModelSchema } from '../blocks/config-fields.js';
import { vaeFields, vaeSchema } from '../vae/vae.config.js';

export const cvaeFields = {
  ...vaeFields,
  numClasses: numClassesField,
};

export type CvaeConfig = { model: string } & FieldValues<typeof cvaeFields>;

export const cvaeSchema: ModelSchema<CvaeConfig> = {
  name: 'cvae',
  summary: 'conditional VAE: the one-hot label enters the encoder and the decoder; sample(n, gen, labels)',
  fields: cvaeFields,
  check(config) {
    vaeSchema.check(config);
    if (config.numClasses < 1) throw new ModelConfigError("cvae: needs labelled data ('numClasses' ≥ 1, from the data set's labels)");
  },
};
