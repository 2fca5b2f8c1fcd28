import { CfnOutput } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { Construct } from 'constructs';

export interface CustomDomainProps {
  /** The name staff and specialists use, e.g. `relais.mdm.example.lu`. */
  readonly domainName: string;
  /**
   * An ACM certificate for the name, in the stack's region (a regional API endpoint).
   * @default - a new certificate validated by DNS: the deploy waits until its CNAME record is published
   */
  readonly certificateArn?: string;
  readonly api: apigw.IHttpApi;
  readonly stage: apigw.IHttpStage;
}

/**
 * The API on an organisation's own name: a regional API Gateway domain name with its certificate, mapped
 * to the `$default` stage (so the paths stay `/app`, `/v1`, `/o`). The name's DNS record points at
 * `CustomDomainTarget` (a CNAME, or an alias record in Route 53); the link base URL follows the name
 * unless `publicBaseUrl` says otherwise (infra/config.ts).
 */
export class CustomDomain extends Construct {
  public readonly domainName: apigw.DomainName;
  public readonly certificate: acm.ICertificate;

  constructor(scope: Construct, id: string, props: CustomDomainProps) {
    super(scope, id);
    this.certificate = props.certificateArn
      ? acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn)
      : new acm.Certificate(this, 'Certificate', {
          domainName: props.domainName,
          // No hosted zone is assumed: the validation record is shown in the ACM console (and the stack's
          // events) while the deploy waits for it.
          validation: acm.CertificateValidation.fromDns(),
        });
    this.domainName = new apigw.DomainName(this, 'Name', {
      domainName: props.domainName,
      certificate: this.certificate,
      securityPolicy: apigw.SecurityPolicy.TLS_1_2,
    });
    const mapping = new apigw.ApiMapping(this, 'Mapping', {
      api: props.api,
      domainName: this.domainName,
      stage: props.stage,
    });
    // The `$default` stage is named, not referenced: without this, the mapping may be created first and fail.
    mapping.node.addDependency(props.stage);
    new CfnOutput(this, 'Target', {
      key: 'CustomDomainTarget',
      value: this.domainName.regionalDomainName,
      description: `Point ${props.domainName} here (CNAME, or a Route 53 alias)`,
    });
    new CfnOutput(this, 'Url', {
      key: 'CustomDomainUrl',
      value: `https://${props.domainName}/`,
      description: 'The address of Relais once the DNS record is in place',
    });
  }
}
