// Test cases for angular.yaml (semgrep --test). Not executed.
import { Component, ElementRef, Renderer2, SecurityContext } from '@angular/core';
import { DomSanitizer, SafeHtml, SafeResourceUrl } from '@angular/platform-browser';
import { ActivatedRoute } from '@angular/router';
import DOMPurify from 'dompurify';

@Component({
  selector: 'app-post',
  // ruleid: shiftleft.js.angular-innerhtml-binding
  template: `<article [innerHTML]="body"></article>`,
})
export class PostComponent {
  body: SafeHtml;
  frame: SafeResourceUrl;

  constructor(
    private sanitizer: DomSanitizer,
    private route: ActivatedRoute,
    private renderer: Renderer2,
    private el: ElementRef,
  ) {}

  show(html: string): void {
    // ruleid: shiftleft.js.angular-bypass-security-trust
    this.body = this.sanitizer.bypassSecurityTrustHtml(html);
    // ok: shiftleft.js.angular-bypass-security-trust
    this.body = this.sanitizer.bypassSecurityTrustHtml('<b>static</b>');
    // ruleid: shiftleft.js.angular-bypass-security-trust
    this.body = this.sanitizer.bypassSecurityTrustHtml(`<p>${html}</p>`);
    // ok: shiftleft.js.angular-bypass-security-trust
    this.body = this.sanitizer.bypassSecurityTrustHtml(DOMPurify.sanitize(html));
  }

  fromRoute(): void {
    const embed = this.route.snapshot.queryParamMap.get('embed');
    // ruleid: shiftleft.js.angular-bypass-security-trust-user-data, shiftleft.js.angular-bypass-security-trust
    this.frame = this.sanitizer.bypassSecurityTrustResourceUrl(embed);
    this.route.queryParams.subscribe((params) => {
      // ruleid: shiftleft.js.angular-bypass-security-trust-user-data, shiftleft.js.angular-bypass-security-trust
      this.body = this.sanitizer.bypassSecurityTrustHtml(params['html']);
    });
    const id = this.route.snapshot.paramMap.get('id');
    // ok: shiftleft.js.angular-bypass-security-trust-user-data
    this.frame = this.sanitizer.bypassSecurityTrustResourceUrl('https://player.example.com/v/' + encodeURIComponent(id));
  }

  render(html: string): void {
    // ruleid: shiftleft.js.angular-sanitize-security-context-none
    const same = this.sanitizer.sanitize(SecurityContext.NONE, html);
    // ok: shiftleft.js.angular-sanitize-security-context-none
    const safe = this.sanitizer.sanitize(SecurityContext.HTML, html);
    // ruleid: shiftleft.js.angular-renderer-inner-html
    this.renderer.setProperty(this.el.nativeElement, 'innerHTML', html);
    // ok: shiftleft.js.angular-renderer-inner-html
    this.renderer.setProperty(this.el.nativeElement, 'textContent', html);
    // ok: shiftleft.js.angular-renderer-inner-html
    this.renderer.setProperty(this.el.nativeElement, 'innerHTML', this.sanitizer.sanitize(SecurityContext.HTML, html));
  }
}

@Component({
  selector: 'app-title',
  // ok: shiftleft.js.angular-innerhtml-binding
  template: `<h1>{{ title }}</h1>`,
})
export class TitleComponent {
  title = 'x';
}
